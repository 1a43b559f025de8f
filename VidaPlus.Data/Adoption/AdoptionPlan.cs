using VidaPlus.Data.Schema;
using static VidaPlus.Data.Schema.SqlText;

namespace VidaPlus.Data.Adoption;

/// <summary>One statement (or a few, for one object) of an adoption, with what it is for.</summary>
/// <param name="Blocking">It takes a lock that blocks writers, so it waits at most the lock timeout and is retried;
/// the others (concurrent index builds, validations) wait as long as they need without blocking anyone.</param>
public sealed record AdoptionStep(string Description, string Sql, bool Blocking = true);

/// <summary>
/// The statements that turn a schema Alembic made into the one our migrations make, in two parts. The structural
/// part changes only metadata and one column type, and runs in one transaction. The concurrent part builds the
/// missing indexes without blocking writers, validates the foreign keys re-added NOT VALID, and only then drops the
/// unique constraint a new unique index replaces; it runs outside any transaction, each step idempotent, so a run
/// that died part-way is finished by running again.
/// </summary>
internal static class AdoptionPlan
{
    /// <param name="alembic">The schema as Alembic made it (verified against the database).</param>
    /// <param name="target">The schema our migrations make at the matching revision.</param>
    /// <param name="timeZone">The zone the local timestamps were written in.</param>
    public static IReadOnlyList<AdoptionStep> Structural(DatabaseSchema alembic, DatabaseSchema target, string timeZone)
    {
        var steps = new List<AdoptionStep>();
        foreach (var table in target.Tables)
        {
            var old = alembic.FindTable(table.Name) ?? throw Unsupported($"table {table.Name} is not in the Alembic schema");
            foreach (var column in table.Columns)
            {
                var before = old.FindColumn(column.Name) ?? throw Unsupported($"column {table.Name}.{column.Name} is not in the Alembic schema");
                steps.AddRange(ColumnSteps(table.Name, before, column, alembic, timeZone));
            }
            if (old.PrimaryKey is { } oldKey && table.PrimaryKey is { } key && oldKey.Name != key.Name)
            {
                steps.Add(Rename(table.Name, oldKey.Name, key.Name, "primary key"));
            }
            foreach (var foreignKey in table.ForeignKeys)
            {
                var before = old.ForeignKeys.SingleOrDefault(f => SameReference(f, foreignKey))
                    ?? throw Unsupported($"foreign key {table.Name}.{foreignKey.Name} has no counterpart in the Alembic schema");
                if (before.OnDelete != foreignKey.OnDelete)
                {
                    // A delete rule cannot be altered in place. Re-added NOT VALID, it takes no scan now; the data
                    // already satisfied the same reference, and the concurrent part validates it without blocking writes.
                    steps.Add(new($"foreign key {table.Name}.{foreignKey.Name}: on delete {foreignKey.OnDelete}",
                        $"ALTER TABLE {Quote(table.Name)} DROP CONSTRAINT {Quote(before.Name)}, ADD CONSTRAINT {Quote(foreignKey.Name)} " +
                        $"FOREIGN KEY ({Columns(foreignKey.Columns)}) REFERENCES {Quote(foreignKey.PrincipalTable)} " +
                        $"({Columns(foreignKey.PrincipalColumns)}) ON DELETE {foreignKey.OnDelete} NOT VALID"));
                }
                else if (before.Name != foreignKey.Name)
                {
                    steps.Add(Rename(table.Name, before.Name, foreignKey.Name, "foreign key"));
                }
            }
        }
        foreach (var table in alembic.Tables.Where(t => target.FindTable(t.Name) is null))
        {
            steps.Add(table.Name == AlembicShape.VersionTable
                ? new($"table {table.Name}: dropped, so that an Alembic pointed here later fails instead of acting on stale state",
                    $"DROP TABLE {Quote(table.Name)}")
                : throw Unsupported($"table {table.Name} is not in our schema"));
        }
        return steps;
    }

    /// <summary>
    /// What is left to do outside a transaction to bring <paramref name="current"/> to <paramref name="target"/>:
    /// build missing (or invalid) indexes concurrently, validate NOT VALID foreign keys, drop unique constraints a
    /// unique index of the target replaces. Empty once the adoption is complete.
    /// </summary>
    public static IReadOnlyList<AdoptionStep> Concurrent(DatabaseSchema current, DatabaseSchema target)
    {
        var steps = new List<AdoptionStep>();
        foreach (var table in target.Tables)
        {
            var now = current.FindTable(table.Name);
            if (now is null)
            {
                continue;
            }
            foreach (var index in table.Indexes)
            {
                var existing = now.Indexes.FirstOrDefault(i => i.Name == index.Name);
                if (existing is { Valid: false })
                {
                    steps.Add(new($"index {table.Name}.{index.Name}: drop the invalid one an interrupted build left",
                        $"DROP INDEX CONCURRENTLY IF EXISTS {Quote(index.Name)}", Blocking: false));
                }
                if (existing is null or { Valid: false })
                {
                    steps.Add(new($"index {table.Name}.{index.Name}: built without blocking writes",
                        $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX CONCURRENTLY {Quote(index.Name)} ON {Quote(table.Name)} " +
                        $"USING {index.Method} ({Columns(index.Columns)})", Blocking: false));
                }
            }
            steps.AddRange(now.ForeignKeys.Where(f => !f.Validated && table.ForeignKeys.Any(t => t.Name == f.Name))
                .Select(f => new AdoptionStep($"foreign key {table.Name}.{f.Name}: validated without blocking writes",
                    $"ALTER TABLE {Quote(table.Name)} VALIDATE CONSTRAINT {Quote(f.Name)}", Blocking: false)));
            steps.AddRange(now.OtherConstraints
                .Where(c => table.OtherConstraints.All(t => t.Name != c.Name) && c.Definition.StartsWith("UNIQUE (", StringComparison.Ordinal)
                    && table.Indexes.Any(i => i.Unique && $"UNIQUE ({string.Join(", ", i.Columns)})" == c.Definition))
                .Select(c => new AdoptionStep($"constraint {table.Name}.{c.Name}: dropped, its unique index now enforces it",
                    $"ALTER TABLE {Quote(table.Name)} DROP CONSTRAINT {Quote(c.Name)}")));
        }
        return steps;
    }

    /// <summary>The schema right after the structural part: the target, but for what the concurrent part does.</summary>
    public static DatabaseSchema AfterStructural(DatabaseSchema alembic, DatabaseSchema target) =>
        target with
        {
            Tables = [.. target.Tables.Select(t =>
            {
                var old = alembic.FindTable(t.Name)!;
                return t with
                {
                    Indexes = [.. t.Indexes.Where(i => old.Indexes.Any(o => o.Name == i.Name))],
                    ForeignKeys = [.. t.ForeignKeys.Select(f => f with
                        { Validated = old.ForeignKeys.Single(o => SameReference(o, f)).OnDelete == f.OnDelete })],
                    OtherConstraints = [.. t.OtherConstraints.Concat(old.OtherConstraints.Where(o => t.OtherConstraints.All(c => c.Name != o.Name)))],
                };
            })],
        };

    private static IEnumerable<AdoptionStep> ColumnSteps(string table, Column before, Column after, DatabaseSchema alembic, string timeZone)
    {
        var (t, c) = (Quote(table), Quote(after.Name));
        if (after.Identity is not null && before.Identity is null)
        {
            var sequence = alembic.Sequences.SingleOrDefault(s => s.OwnedBy == $"{table}.{after.Name}")
                ?? throw Unsupported($"column {table}.{after.Name} has no serial sequence");
            var retired = Quote($"{sequence.Name}_alembic");
            // The serial sequence steps aside (renamed, so the identity can take the name PostgreSQL gives it), the
            // identity continues where it stopped (never below max(id) + 1: an id is never reused), then it goes.
            yield return new($"column {table}.{after.Name}: identity in place of serial {sequence.Name}, continuing its numbering",
                $"ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT;\n" +
                $"ALTER SEQUENCE {Quote(sequence.Name)} OWNED BY NONE;\n" +
                $"ALTER SEQUENCE {Quote(sequence.Name)} RENAME TO {retired};\n" +
                $"ALTER TABLE {t} ALTER COLUMN {c} ADD GENERATED {(after.Identity == "always" ? "ALWAYS" : "BY DEFAULT")} AS IDENTITY;\n" +
                $"SELECT setval(pg_get_serial_sequence({Literal(Quote(table))}, {Literal(after.Name)}), GREATEST(" +
                $"(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM {retired}), " +
                $"(SELECT coalesce(max({c}), 0) + 1 FROM {t})), false);\n" +
                $"DROP SEQUENCE {retired}");
            yield break;
        }
        if (before.StoreType != after.StoreType)
        {
            yield return before.StoreType == AlembicShape.LocalTimestampType && after.StoreType == "timestamp with time zone"
                ? new($"column {table}.{after.Name}: {after.StoreType}, each value read as local time in {timeZone}",
                    $"ALTER TABLE {t} ALTER COLUMN {c} TYPE {after.StoreType} USING {c} AT TIME ZONE {Literal(timeZone)}")
                : throw Unsupported($"column {table}.{after.Name} from {before.StoreType} to {after.StoreType}");
        }
        if (before.Default != after.Default)
        {
            yield return new($"column {table}.{after.Name}: default {after.Default ?? "none"}", after.Default is null
                ? $"ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"
                : $"ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {after.Default}");
        }
        if (before.Nullable != after.Nullable)
        {
            throw Unsupported($"column {table}.{after.Name} nullability");
        }
    }

    private static AdoptionStep Rename(string table, string from, string to, string what) =>
        new($"{what} {table}.{from}: renamed {to}", $"ALTER TABLE {Quote(table)} RENAME CONSTRAINT {Quote(from)} TO {Quote(to)}");

    private static bool SameReference(ForeignKey a, ForeignKey b) =>
        a.Columns.SequenceEqual(b.Columns) && a.PrincipalTable == b.PrincipalTable && a.PrincipalColumns.SequenceEqual(b.PrincipalColumns);

    private static InvalidOperationException Unsupported(string what) =>
        new($"Adoption cannot convert this: {what}. The Alembic shape and our schema disagree beyond what adoption knows.");
}
