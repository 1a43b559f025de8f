using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Migrations;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The migrations by id, read from their [Migration] attributes and the assembly, so no id is copied by hand.
/// Base and head are the engine's own words (<see cref="Revision"/>).</summary>
internal static class Revisions
{
    public const string Base = Revision.Base;
    public static readonly string InitialSchema = IdOf<InitialSchema>();
    public static readonly string AddEstoquesAndLeitos = IdOf<AddEstoquesAndLeitos>();
    public static readonly string MakeLeitoPacienteOptional = IdOf<MakeLeitoPacienteOptional>();
    public static readonly string AddRowVersions = IdOf<AddRowVersions>();

    /// <summary>Every migration in the assembly, oldest first: what the generic tests run over.</summary>
    public static readonly IReadOnlyList<string> All = [.. CompiledMigrations.VidaPlus.All.Select(m => m.Id)];

    public static string Head => CompiledMigrations.VidaPlus.Head;

    /// <summary>The revision just before <paramref name="id"/>: base before the first migration.</summary>
    public static string Before(string id) => All.ToList().IndexOf(id) is > 0 and var i ? All[i - 1] : Base;

    /// <summary>xunit theory data: one case per migration.</summary>
    public static TheoryData<string> Cases => [.. All];

    private static string IdOf<T>() where T : Migration =>
        typeof(T).GetCustomAttributes(typeof(MigrationAttribute), false).Cast<MigrationAttribute>().Single().Id;
}
