using Microsoft.EntityFrameworkCore.Migrations;

namespace VidaPlus.Data.Engine;

/// <summary>
/// The words for revisions, in one place: <c>head</c> (the newest migration of this build), <c>base</c> (an empty
/// history, as Alembic calls it) and EF Core's <c>"0"</c> for base. Resolved targets and states use <see cref="Base"/>;
/// only calls into EF Core's migrator take <see cref="EfBase"/>, through <see cref="ToEf"/>.
/// </summary>
public static class Revision
{
    public const string Head = "head";
    public const string Base = "base";

    /// <summary>EF Core's name for base (<see cref="Migration.InitialDatabase"/>).</summary>
    public const string EfBase = Migration.InitialDatabase;

    public static bool IsHead(string target) => target.Equals(Head, StringComparison.OrdinalIgnoreCase);

    public static bool IsBase(string target) => target.Equals(Base, StringComparison.OrdinalIgnoreCase) || target == EfBase;

    /// <summary>The revision as EF Core's migrator takes it: "0" for base, the id otherwise.</summary>
    public static string ToEf(string revision) => IsBase(revision) ? EfBase : revision;

    /// <summary>The last of <paramref name="ids"/> (oldest first), or base when there are none.</summary>
    public static string LastOf(IReadOnlyList<string> ids) => ids.Count > 0 ? ids[^1] : Base;
}
