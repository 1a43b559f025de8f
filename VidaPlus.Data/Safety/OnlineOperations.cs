using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

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
/// <item>NOT NULL is proved by a NOT VALID check, validated, then set (PostgreSQL 12+ trusts the check and skips the
/// scan), and the check dropped;</item>
/// <item>in a migration holding any of these, a column is added IF NOT EXISTS and dropped IF EXISTS, so that the
/// migration runs again after an interruption (its online steps commit one by one).</item>
/// </list>
/// A table created in the same migration keeps the plain form: nobody uses it yet.
/// </summary>
internal static class OnlineOperations
{
    /// <summary>On a drop of an index, an added foreign key or CHECK, or a column made NOT NULL: apply it online; on a
    /// column added or dropped beside such steps: so that running it again is safe.</summary>
    public const string Annotation = "VidaPlus:Online";

    /// <summary>Npgsql's own annotation for an index built CONCURRENTLY (what <c>.IsCreatedConcurrently()</c> sets).</summary>
    public const string CreatedConcurrently = "Npgsql:CreatedConcurrently";

    public static bool IsOnline(MigrationOperation operation) =>
        operation[Annotation] is true || operation[CreatedConcurrently] is true;

    /// <summary>
    /// Marks the operations that act on a table existing before <paramref name="operations"/> run, and takes out the
    /// value EF Core would silently write into existing rows when a column becomes (or is added) NOT NULL without a
    /// default in <paramref name="target"/>: rows holding NULL then stop the migration, naming the column, instead of
    /// being overwritten (with <c>''</c>, 0 or <c>-infinity</c>) and left with a default the model does not have.
    /// </summary>
    public static IReadOnlyList<MigrationOperation> Mark(IReadOnlyList<MigrationOperation> operations, IRelationalModel? target)
    {
        var created = operations.OfType<CreateTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var dropped = operations.OfType<DropTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        bool Existing(string? table) => table is not null && !created.Contains(table) && !dropped.Contains(table);
        foreach (var operation in operations)
        {
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
                    if (OnlyMadeRequired(column))
                    {
                        column[Annotation] = true;
                    }
                    break;
                case DropIndexOperation index when Existing(index.Table):
                case AddForeignKeyOperation foreignKey when Existing(foreignKey.Table):
                case AddCheckConstraintOperation check when Existing(check.Table):
                    operation[Annotation] = true;
                    break;
            }
        }
        // Online steps commit one by one, so a migration holding them may stop with its earlier steps committed and
        // no history row: then its columns are added and dropped so that running it again finds them done.
        if (operations.Any(IsOnline))
        {
            foreach (var column in operations.OfType<ColumnOperation>().Where(c => c is AddColumnOperation && Existing(c.Table)))
            {
                column[Annotation] = true;
            }
            foreach (var column in operations.OfType<DropColumnOperation>().Where(c => Existing(c.Table)))
            {
                column[Annotation] = true;
            }
        }
        return operations;
    }

    /// <summary>The constraint that proves a column NOT NULL before it is set: a name PostgreSQL keeps whole (63 bytes).</summary>
    public static string NotNullCheckName(string table, string column)
    {
        var name = $"ck_{table}_{column}_not_null";
        return name.Length <= 63 ? name : name[..63];
    }

    // EF Core's own default for a NOT NULL column the model gives none: the CLR type's default value.
    private static bool HiddenFill(ColumnOperation column, IRelationalModel? target) =>
        column.DefaultValue is not null && column.DefaultValueSql is null
        && target?.FindTable(column.Table, column.Schema)?.FindColumn(column.Name) is { DefaultValue: null, DefaultValueSql: null };

    // Nullable to required and nothing else: no type, default or computed change, and no default EF Core would write
    // into the NULLs first (that hidden UPDATE must run before any proof that none is left).
    private static bool OnlyMadeRequired(AlterColumnOperation column) =>
        !column.IsNullable && column.OldColumn.IsNullable
        && column.ColumnType == column.OldColumn.ColumnType && column.ClrType == column.OldColumn.ClrType
        && column.DefaultValue is null && column.DefaultValueSql is null && column.ComputedColumnSql is null
        && column.OldColumn.DefaultValue is null && column.OldColumn.DefaultValueSql is null;
}
