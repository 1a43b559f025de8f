using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Engine;

/// <summary>The tables the migration engine keeps in the database beside the schema the migrations make.</summary>
internal static class EngineTables
{
    /// <summary>EF Core's history, left exactly as EF Core's tools expect it.</summary>
    public const string History = HistoryRepository.DefaultTableName;

    /// <summary>VidaPlus's record of each applied migration (<see cref="MigrationRecords"/>).</summary>
    public const string Records = MigrationRecords.TableName;

    /// <summary>Builds found clean at head against this database (<see cref="HeadCheck"/>).</summary>
    public const string VerifiedBuilds = "__vidaplus_verified_builds";

    /// <summary>Where each backfill that has not finished is (<see cref="Safety.BackfillSql"/>).</summary>
    public const string Backfills = "__vidaplus_backfills";

    /// <summary>The steps an interrupted migration committed (<see cref="StepLog"/>).</summary>
    public const string Steps = "__vidaplus_steps";

    /// <summary>The processes serving the database, and the migrations their builds know (<see cref="Deploys.ServingBuilds"/>):
    /// the one engine table the serving role writes.</summary>
    public const string Builds = "__vidaplus_builds";

    public static IReadOnlyList<string> All { get; } = [History, Records, VerifiedBuilds, Backfills, Steps, Builds];

    /// <summary>The engine's tables the serving role reads and never writes: all but <see cref="Builds"/>.</summary>
    public static IReadOnlyList<string> ReadOnlyForServing { get; } = [.. All.Where(t => t != Builds)];

    /// <summary>The schema without the engine's tables: what the migrations themselves made.</summary>
    public static DatabaseSchema WithoutEngineTables(this DatabaseSchema schema) =>
        All.Aggregate(schema, (s, table) => s.WithoutTable(table));
}
