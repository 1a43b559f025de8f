using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>
/// The safe form of each change to a table that already holds rows, chosen when `dotnet ef migrations add` writes the
/// migration (<see cref="OnlineMigrationsModelDiffer"/>), shown in it as an annotation, and turned into SQL by
/// <see cref="OnlineMigrationsSqlGenerator"/>, so that what is reviewed is what runs:
/// <list type="bullet">
/// <item>an index is built and dropped CONCURRENTLY (Npgsql's own <c>Npgsql:CreatedConcurrently</c>, and
/// <see cref="Annotation"/> on a drop), outside any transaction, a leftover of an interrupted build dropped first;</item>
/// <item>a foreign key or CHECK is added NOT VALID in the migration's transaction and validated in a transaction of its
/// own, which blocks no writer;</item>
/// <item>a unique constraint (an alternate key) gets its unique index built CONCURRENTLY, then attached to it
/// (<c>ADD CONSTRAINT ... UNIQUE USING INDEX</c>, no scan);</item>
/// <item>NOT NULL is proved by a NOT VALID check, validated, then set (PostgreSQL 12+ trusts the check and skips the
/// scan), and the check dropped;</item>
/// <item>in a migration holding any of these, a column is added IF NOT EXISTS and dropped IF EXISTS, so that the
/// migration runs again after an interruption (its online steps commit one by one).</item>
/// </list>
/// A table created in the same migration keeps the plain form: nobody uses it yet.
/// </summary>
internal static class OnlineOperations
{
    /// <summary>On a drop of an index, an added foreign key, CHECK or unique constraint, or a column made NOT NULL: apply it online; on a
    /// column added or dropped beside such steps: so that running it again is safe.</summary>
    public const string Annotation = "VidaPlus:Online";

    /// <summary>On a column made required online: the SQL its NULLs are filled with first, in batches (a Backfill).</summary>
    public const string FillNulls = "VidaPlus:FillNulls";

    /// <summary>On a change of enum types: the labels renamed in place, <c>type:old&gt;new</c>, separated by <c>;</c>.</summary>
    public const string EnumRenames = "VidaPlus:EnumRenames";

    /// <summary>Npgsql's own annotation for an index built CONCURRENTLY (what <c>.IsCreatedConcurrently()</c> sets).</summary>
    public const string CreatedConcurrently = "Npgsql:CreatedConcurrently";

    /// <summary>On an online drop and an online build of the same index in one migration (its definition changed, as when
    /// it becomes unique): set as the SQL is generated (<see cref="MarkReplacements"/>), never written in a migration.</summary>
    public const string Replaced = "VidaPlus:ReplacedIndex";

    /// <summary>The batched fill of the NULLs of a column made required with a model default (<see cref="FillNulls"/>); null
    /// when it has none.</summary>
    public static BackfillOperation? Fill(AlterColumnOperation column) => column[FillNulls] is string value
        ? new BackfillOperation
        {
            Table = column.Table,
            Schema = column.Schema,
            Column = column.Name,
            Value = value,
            Where = $"{SqlText.Quote(column.Name)} IS NULL",
        }
        : null;

    /// <summary>Whether the step commits on its own, outside the migration's transaction.</summary>
    public static bool IsOnline(MigrationOperation operation) =>
        operation is BackfillOperation || Deploys.ExpandContract.IsExpand(operation) || operation[Annotation] is true || operation[CreatedConcurrently] is true;

    /// <summary>
    /// Marks the operations that act on a table existing before <paramref name="operations"/> run, and takes out the
    /// value EF Core would silently write into existing rows when a column becomes (or is added) NOT NULL without a
    /// default in <paramref name="target"/>: rows holding NULL then stop the migration, naming the column, instead of
    /// being overwritten (with <c>''</c>, 0 or <c>-infinity</c>) and left with a default the model does not have. A
    /// column made required with a default in the model has its NULLs filled in batches, marked in the migration
    /// (<see cref="FillNulls"/>), where EF Core hides one UPDATE of them all (<paramref name="fill"/>: the default as SQL).
    /// </summary>
    public static IReadOnlyList<MigrationOperation> Mark(
        IReadOnlyList<MigrationOperation> operations, IRelationalModel? target, Func<ColumnOperation, string?>? fill = null)
    {
        var created = operations.OfType<CreateTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var dropped = operations.OfType<DropTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        bool Existing(string? table) => table is not null && !created.Contains(table) && !dropped.Contains(table);
        var marked = new List<MigrationOperation>(operations.Count);
        foreach (var operation in operations)
        {
            marked.Add(operation);
            switch (operation)
            {
                case CreateIndexOperation index when Existing(index.Table):
                    index[CreatedConcurrently] = true;
                    break;
                case AddColumnOperation column when Existing(column.Table) && !column.IsNullable && HiddenFill(column, target):
                    column.DefaultValue = null;
                    break;
                case AlterColumnOperation column when Existing(column.Table) && !column.IsNullable && column.OldColumn.IsNullable:
                    if (HiddenFill(column, target))
                    {
                        column.DefaultValue = null;
                    }
                    else if (fill?.Invoke(column) is { } value && OnlyMadeRequired(column, ignoreNewDefault: true))
                    {
                        marked.RemoveAt(marked.Count - 1);
                        marked.AddRange(FilledThenRequired(column, value));
                        break;
                    }
                    if (OnlyMadeRequired(column))
                    {
                        column[Annotation] = true;
                    }
                    break;
                case DropIndexOperation index when Existing(index.Table):
                case AddUniqueConstraintOperation unique when Existing(unique.Table):
                case AddForeignKeyOperation foreignKey when Existing(foreignKey.Table):
                case AddCheckConstraintOperation check when Existing(check.Table):
                    operation[Annotation] = true;
                    break;
            }
        }
        foreach (var database in marked.OfType<AlterDatabaseOperation>())
        {
            MarkEnumRenames(database);
        }
        MarkRerunnable(marked);
        return marked;
    }

    // The model's default set first (so the code still running writes it too), then the column made required online,
    // marked with the fill of its NULLs (FillNulls), which runs as a batched Backfill before the proof: nothing changes
    // unseen, and the fill is in the migration file to review.
    private static IEnumerable<MigrationOperation> FilledThenRequired(AlterColumnOperation column, string value)
    {
        var withDefault = Copy(column);
        withDefault.IsNullable = true;
        yield return withDefault;
        var required = Copy(column);
        required.OldColumn.IsNullable = true;
        required.OldColumn.DefaultValue = column.DefaultValue;
        required.OldColumn.DefaultValueSql = column.DefaultValueSql;
        required[Annotation] = true;
        required[FillNulls] = value;
        yield return required;
    }

    private static AlterColumnOperation Copy(AlterColumnOperation column)
    {
        var copy = new AlterColumnOperation
        {
            Name = column.Name,
            Schema = column.Schema,
            Table = column.Table,
            ClrType = column.ClrType,
            ColumnType = column.ColumnType,
            IsUnicode = column.IsUnicode,
            IsFixedLength = column.IsFixedLength,
            MaxLength = column.MaxLength,
            Precision = column.Precision,
            Scale = column.Scale,
            IsRowVersion = column.IsRowVersion,
            IsNullable = column.IsNullable,
            DefaultValue = column.DefaultValue,
            DefaultValueSql = column.DefaultValueSql,
            ComputedColumnSql = column.ComputedColumnSql,
            IsStored = column.IsStored,
            Comment = column.Comment,
            Collation = column.Collation,
            OldColumn = new AddColumnOperation
            {
                Name = column.Name,
                Table = column.Table,
                ClrType = column.OldColumn.ClrType,
                ColumnType = column.OldColumn.ColumnType,
                IsUnicode = column.OldColumn.IsUnicode,
                IsFixedLength = column.OldColumn.IsFixedLength,
                MaxLength = column.OldColumn.MaxLength,
                Precision = column.OldColumn.Precision,
                Scale = column.OldColumn.Scale,
                IsRowVersion = column.OldColumn.IsRowVersion,
                IsNullable = column.OldColumn.IsNullable,
                DefaultValue = column.OldColumn.DefaultValue,
                DefaultValueSql = column.OldColumn.DefaultValueSql,
                ComputedColumnSql = column.OldColumn.ComputedColumnSql,
                IsStored = column.OldColumn.IsStored,
                Comment = column.OldColumn.Comment,
                Collation = column.OldColumn.Collation,
            },
        };
        copy.AddAnnotations(column.GetAnnotations().Where(a => a.Name != Annotation));
        copy.OldColumn.AddAnnotations(column.OldColumn.GetAnnotations());
        return copy;
    }

    /// <summary>
    /// Online steps (and backfills) commit one by one, so a migration holding them may stop with its earlier steps
    /// committed and no history row: then its columns on existing tables are added and dropped so that running it again
    /// finds them done.
    /// </summary>
    public static void MarkRerunnable(IReadOnlyList<MigrationOperation> operations)
    {
        if (!operations.Any(IsOnline))
        {
            return;
        }
        var created = operations.OfType<CreateTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        // (Not the halves of an expand/contract change, which are written rerunnable as they are.)
        foreach (var column in operations.Where(o => (o is AddColumnOperation a && !created.Contains(a.Table) || o is DropColumnOperation)
            && !Deploys.ExpandContract.IsExpand(o) && !Deploys.ExpandContract.IsContract(o)))
        {
            column[Annotation] = true;
        }
    }

    /// <summary>
    /// EF Core changes an index by dropping it, then building it again under the same name: with both online, the table
    /// would have neither the old index nor its replacement (nor a uniqueness check) until the build ends, and none at all
    /// if it fails. Marked <see cref="Replaced"/>, the new one is built beside the old (<see cref="ReplacementName"/>) and
    /// swapped in, the old dropped in the swap, so a failed build leaves the old one serving.
    /// </summary>
    public static void MarkReplacements(IReadOnlyList<MigrationOperation> operations)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is DropIndexOperation drop && IsOnline(drop)
                && operations.Skip(i + 1).OfType<CreateIndexOperation>().FirstOrDefault(b => b.Name == drop.Name && b.Schema == drop.Schema
                    && (drop.Table is null || b.Table == drop.Table)) is { } build && build[CreatedConcurrently] is true)
            {
                drop[Replaced] = true;
                build[Replaced] = true;
            }
        }
    }

    /// <summary>The constraint that proves a column NOT NULL before it is set: a name PostgreSQL keeps whole (63 bytes).</summary>
    public static string NotNullCheckName(string table, string column)
    {
        var name = $"ck_{table}_{column}_not_null";
        return name.Length <= 63 ? name : name[..63];
    }

    /// <summary>The name an INVALID index is renamed to while a new one is built beside it: a name PostgreSQL keeps whole.</summary>
    public static string AsideName(string index) => Suffixed(index, AsideSuffix);

    /// <summary>The name a changed index is built under, beside the old one, until it is swapped in (<see cref="MarkReplacements"/>).</summary>
    public static string ReplacementName(string index) => Suffixed(index, ReplacementSuffix);

    /// <summary>Whether an index is one the engine builds or keeps aside while a migration runs, named by it.</summary>
    public static bool IsEngineIndex(string name) =>
        name.EndsWith(AsideSuffix, StringComparison.Ordinal) || name.EndsWith(ReplacementSuffix, StringComparison.Ordinal);

    private const string AsideSuffix = "_vp_invalid";
    private const string ReplacementSuffix = "_vp_new";

    // A name PostgreSQL keeps whole (63 bytes; the names here are ASCII).
    private static string Suffixed(string index, string suffix) =>
        (index.Length + suffix.Length <= 63 ? index : index[..(63 - suffix.Length)]) + suffix;

    /// <summary>The renames <see cref="EnumRenames"/> holds, by enum type.</summary>
    public static ILookup<string, (string From, string To)> Renames(MigrationOperation database) =>
        (database[EnumRenames] as string ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => (Type: r[..r.IndexOf(':', StringComparison.Ordinal)], Labels: r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('>')))
            .ToLookup(r => r.Type, r => (r.Labels[0], r.Labels[1]));

    // A label replaced by another in the same place, the rest unchanged, is a rename (a [PgName] changed): PostgreSQL
    // renames it in place, rows and all, where EF Core would try to remove one label and add another, which
    // PostgreSQL cannot do.
    private static void MarkEnumRenames(AlterDatabaseOperation database)
    {
        var before = MigrationLinter.Enums(database.OldDatabase.GetAnnotations());
        var renames = new List<string>();
        foreach (var (type, labels) in MigrationLinter.Enums(database.GetAnnotations()))
        {
            if (before.TryGetValue(type, out var old) && old.Length == labels.Length)
            {
                var changed = Enumerable.Range(0, labels.Length).Where(i => old[i] != labels[i]).ToList();
                if (changed.Count > 0 && changed.All(i => !old.Contains(labels[i]) && !labels.Contains(old[i])))
                {
                    renames.AddRange(changed.Select(i => $"{type}:{old[i]}>{labels[i]}"));
                }
            }
        }
        if (renames.Count > 0)
        {
            database[EnumRenames] = string.Join(';', renames);
        }
    }

    // EF Core's own default for a NOT NULL column the model gives none: the CLR type's default value.
    private static bool HiddenFill(ColumnOperation column, IRelationalModel? target) =>
        column.DefaultValue is not null && column.DefaultValueSql is null
        && target?.FindTable(column.Table, column.Schema)?.FindColumn(column.Name) is { DefaultValue: null, DefaultValueSql: null };

    // Nullable to required and nothing else: no type, default or computed change, and no default EF Core would write
    // into the NULLs first (that hidden UPDATE must run before any proof that none is left). With ignoreNewDefault, a
    // default set at the same time is allowed: FilledThenRequired sets it, and fills the NULLs with it, first.
    private static bool OnlyMadeRequired(AlterColumnOperation column, bool ignoreNewDefault = false) =>
        !column.IsNullable && column.OldColumn.IsNullable
        && column.ColumnType == column.OldColumn.ColumnType && column.ClrType == column.OldColumn.ClrType
        && column.ComputedColumnSql is null && column.OldColumn.DefaultValue is null && column.OldColumn.DefaultValueSql is null
        && (ignoreNewDefault || column.DefaultValue is null && column.DefaultValueSql is null);
}
