using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Adoption;

/// <summary>
/// The schema the Python app's Alembic migrations made at a revision, derived from the schema our migrations make at
/// the matching one: the same tables, columns and enum types, with what SQLAlchemy 1.4 generated differently.
/// </summary>
internal static class AlembicShape
{
    public const string VersionTable = "alembic_version";

    // Columns SQLAlchemy declared DateTime without a time zone, defaulting to CURRENT_TIMESTAMP.
    private static readonly HashSet<(string Table, string Column)> LocalTimestamps = [("users", "created_at")];

    // Columns SQLAlchemy declared unique=True (a UNIQUE constraint) where our model has a unique index.
    private static readonly HashSet<(string Table, string Column)> UniqueConstraints = [("users", "email")];

    public const string LocalTimestampType = "timestamp without time zone";

    /// <param name="ours">The schema our migrations make at <see cref="AlembicRevision.Migration"/>.</param>
    public static DatabaseSchema Expected(DatabaseSchema ours, AlembicRevision revision)
    {
        var tables = ours.Tables.Select(t => ToAlembic(t, revision)).Append(VersionTableShape()).OrderBy(t => t.Name, StringComparer.Ordinal);
        var sequences = ours.Tables.SelectMany(t => t.Columns.Where(c => c.Identity is not null)
            .Select(c => new Sequence(SequenceName(t.Name, c.Name, revision), $"{t.Name}.{c.Name}")));
        return new DatabaseSchema(ours.Enums, [.. tables]) { Sequences = [.. sequences.OrderBy(s => s.Name, StringComparer.Ordinal)] };
    }

    /// <summary>The serial sequence SQLAlchemy's Integer primary key got.</summary>
    public static string SequenceName(string table, string column, AlembicRevision revision) => $"{table}_{column}_seq{Suffix(table, revision)}";

    private static Table ToAlembic(Table table, AlembicRevision revision)
    {
        var suffix = Suffix(table.Name, revision);
        var foreignKeyColumns = table.ForeignKeys.Select(f => string.Join(",", f.Columns)).ToHashSet(StringComparer.Ordinal);
        var uniques = table.Indexes.Where(i => i.Unique && i.Columns.Count == 1 && UniqueConstraints.Contains((table.Name, i.Columns[0]))).ToList();
        return table with
        {
            Columns = [.. table.Columns.Select(c =>
                c.Identity is not null ? c with { Identity = null, Default = $"nextval('{SequenceName(table.Name, c.Name, revision)}'::regclass)" }
                : LocalTimestamps.Contains((table.Name, c.Name)) ? c with { StoreType = LocalTimestampType, Default = "CURRENT_TIMESTAMP" }
                : c)],
            PrimaryKey = table.PrimaryKey is { } pk ? pk with { Name = $"{table.Name}_pkey{suffix}" } : null,
            // SQLAlchemy's default naming, and its default delete rule.
            ForeignKeys = [.. table.ForeignKeys.Select(f => f with { Name = $"{table.Name}_{string.Join("_", f.Columns)}_fkey{suffix}", OnDelete = "NO ACTION" })],
            // No index on foreign-key columns: SQLAlchemy makes none unless asked.
            Indexes = [.. table.Indexes.Where(i => !uniques.Contains(i) && !(!i.Unique && foreignKeyColumns.Contains(string.Join(",", i.Columns))))],
            OtherConstraints = [.. table.OtherConstraints, .. uniques.Select(i => new Constraint($"{table.Name}_{i.Columns[0]}_key", $"UNIQUE ({i.Columns[0]})"))],
        };
    }

    private static Table VersionTableShape() => new(
        VersionTable, [new Column("version_num", "character varying(32)", Nullable: false, Default: null, Identity: null)],
        new PrimaryKey("alembic_version_pkc", ["version_num"]), [], [], []);

    private static string Suffix(string table, AlembicRevision revision) => table == "leitos" ? revision.LeitosSuffix : "";
}
