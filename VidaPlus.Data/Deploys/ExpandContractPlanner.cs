using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data.Deploys;

/// <summary>
/// Turns what EF Core's differ writes for a change older code cannot survive into its expand and contract halves,
/// each operation marked with its <see cref="Phase"/>, for <see cref="ExpandContractScaffolder"/> to write as two
/// migrations: a column renamed on an existing table becomes an AddColumn of the new column, kept equal to the old
/// (expand), and a DropColumn of the old one (contract); an index renamed with it is
/// built again, concurrently, on the new column (the old one goes with the old column). See <see cref="ExpandContract"/>.
/// </summary>
internal static class ExpandContractPlanner
{
    /// <summary>"expand" or "contract": the migration of the two an operation belongs to. Unmarked operations go with the
    /// expand.</summary>
    public const string Phase = "VidaPlus:Phase";

    public const string Expand = "expand";

    public const string Contract = "contract";

    public static IReadOnlyList<MigrationOperation> Plan(IReadOnlyList<MigrationOperation> operations, IRelationalModel? target)
    {
        var renamedTables = operations.OfType<RenameTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var renames = operations.OfType<RenameColumnOperation>().Where(r => !renamedTables.Contains(r.Table) && target is not null).ToList();
        if (renames.Count == 0)
        {
            return operations;
        }
        var planned = new List<MigrationOperation>(operations.Count + renames.Count);
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case RenameColumnOperation rename when renames.Contains(rename):
                    var column = Column(target!, rename.Table, rename.Schema, rename.NewName);
                    var added = new AddColumnOperation
                    {
                        Table = rename.Table,
                        Schema = rename.Schema,
                        Name = rename.NewName,
                        ClrType = column.ProviderClrType,
                        ColumnType = column.StoreType,
                        MaxLength = column.MaxLength,
                        IsNullable = column.IsNullable,
                        DefaultValue = column.DefaultValue,
                        DefaultValueSql = column.DefaultValueSql,
                    };
                    added[ExpandContract.ExpandFrom] = rename.Name;
                    planned.Add(Marked(added, Expand));
                    var dropped = new DropColumnOperation { Table = rename.Table, Schema = rename.Schema, Name = rename.Name };
                    dropped[ExpandContract.ContractTo] = rename.NewName;
                    if (DefaultSql(column) is { } value)
                    {
                        dropped[ExpandContract.KeptDefault] = value;
                    }
                    planned.Add(Marked(dropped, Contract));
                    break;
                case RenameIndexOperation index when index.Table is { } table
                    && Index(target!, table, index.Schema, index.NewName) is { } renamed
                    && renamed.Columns.Any(c => renames.Any(r => r.Table == table && r.NewName == c.Name)):
                    var built = new CreateIndexOperation
                    {
                        Name = index.NewName,
                        Schema = index.Schema,
                        Table = table,
                        Columns = [.. renamed.Columns.Select(c => c.Name)],
                        IsUnique = renamed.IsUnique,
                        Filter = renamed.Filter,
                    };
                    built[OnlineOperations.CreatedConcurrently] = true;
                    planned.Add(Marked(built, Expand));
                    break;
                default:
                    planned.Add(operation);
                    break;
            }
        }
        return planned;
    }

    private static MigrationOperation Marked(MigrationOperation operation, string phase)
    {
        operation[Phase] = phase;
        return operation;
    }

    private static IColumn Column(IRelationalModel model, string table, string? schema, string name) =>
        model.FindTable(table, schema)?.FindColumn(name)
        ?? throw new InvalidOperationException($"The model has no column {table}.{name}, which EF Core's differ renamed a column to.");

    private static ITableIndex? Index(IRelationalModel model, string table, string? schema, string name) =>
        model.FindTable(table, schema)?.Indexes.FirstOrDefault(i => i.Name == name);

    private static string? DefaultSql(IColumn column) =>
        column.DefaultValueSql ?? (column.DefaultValue is { } value ? column.StoreTypeMapping.GenerateSqlLiteral(value) : null);
}
