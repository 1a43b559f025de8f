using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Deploys;

/// <summary>
/// Turns what EF Core's differ writes for a change older code cannot survive into its expand and contract halves
/// (<see cref="ExpandContract"/>), each operation marked with its <see cref="Phase"/> and known with the operations that
/// undo it (<see cref="Inverse"/>), for <see cref="ExpandContractScaffolder"/> to write as two migrations, each with its Down:
/// <list type="bullet">
/// <item>a column renamed on an existing table: the new column added beside the old and kept equal to it (expand),
/// the old one dropped (contract); an index renamed with it is built again, concurrently, on the new column. A column
/// a key or foreign key uses is left to EF Core's own rename;</item>
/// <item>an integer column widened under the same name (smallint or integer to bigint): a <c>_vp_new</c> column of the
/// new type kept equal to it (expand), then the old one dropped and the new one given its name (contract). The newer
/// build reads the old column meanwhile: a narrower integer reads as a wider one. A column a key, index or foreign key
/// uses is left to EF Core's own change.</item>
/// </list>
/// </summary>
internal static class ExpandContractPlanner
{
    /// <summary>"expand" or "contract": the migration of the two an operation belongs to. Unmarked operations go with the
    /// expand.</summary>
    public const string Phase = "VidaPlus:Phase";

    // The operations that undo a planned one, in the order they run: its migration's Down. Kept beside the operation, not
    // in an annotation: EF Core's scaffolder writes every annotation into the file.
    private static readonly ConditionalWeakTable<MigrationOperation, IReadOnlyList<MigrationOperation>> Inverses = [];

    /// <summary>The operations that undo <paramref name="operation"/>, one the planner made; none for any other.</summary>
    public static IReadOnlyList<MigrationOperation> Inverse(MigrationOperation operation) =>
        Inverses.TryGetValue(operation, out var inverse) ? inverse : [];

    public const string Expand = "expand";

    public const string Contract = "contract";

    /// <summary>The name of the column of the new type beside one widened under the same name.</summary>
    public static string Widened(string column) => column + "_vp_new";

    public static IReadOnlyList<MigrationOperation> Plan(IReadOnlyList<MigrationOperation> operations, IRelationalModel? target)
    {
        if (target is null)
        {
            return operations;
        }
        var renamedTables = operations.OfType<RenameTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        // A column a key or a foreign key uses would lose it with the old column: left to EF Core's own rename.
        var renames = operations.OfType<RenameColumnOperation>()
            .Where(r => !renamedTables.Contains(r.Table) && !InConstraint(Column(target, r.Table, r.Schema, r.NewName))).ToList();
        var renamedIndexes = operations.OfType<RenameIndexOperation>()
            .Select(i => (Rename: i, Index: i.Table is { } table ? FindIndex(target, table, i.Schema, i.NewName) : null))
            .Where(i => i.Index is not null && i.Index.Columns.Any(c => renames.Any(r => r.Table == i.Rename.Table && r.NewName == c.Name)))
            .ToList();
        var planned = new List<MigrationOperation>(operations.Count);
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case RenameColumnOperation rename when renames.Contains(rename):
                    var column = Column(target, rename.Table, rename.Schema, rename.NewName);
                    var indexes = renamedIndexes.Where(i => i.Rename.Table == rename.Table).ToList();
                    planned.Add(Marked(Added(rename.Table, rename.Schema, rename.NewName, rename.Name, column), Expand,
                        Dropped(rename.Table, rename.Schema, rename.NewName, rename.Name, null)));
                    planned.AddRange(indexes.Select(i => Marked(Index(i.Rename.NewName, rename.Table, rename.Schema, i.Index!, rename.Name, rename.NewName), Expand)));
                    planned.Add(Marked(Dropped(rename.Table, rename.Schema, rename.Name, rename.NewName, DefaultSql(column)), Contract,
                        [Added(rename.Table, rename.Schema, rename.Name, rename.NewName, column),
                         .. indexes.Select(i => Index(i.Rename.Name, rename.Table, rename.Schema, i.Index!, rename.NewName, rename.Name))]));
                    break;
                case RenameIndexOperation index when renamedIndexes.Any(i => i.Rename == index):
                    break;
                case AlterColumnOperation widened when IsWidened(widened) && !renamedTables.Contains(widened.Table)
                    && Column(target, widened.Table, widened.Schema, widened.Name) is var now && !IsKeyed(now):
                    var temporary = Widened(widened.Name);
                    var before = widened.OldColumn;
                    planned.Add(Marked(Added(widened.Table, widened.Schema, temporary, widened.Name, now), Expand,
                        Dropped(widened.Table, widened.Schema, temporary, widened.Name, null)));
                    var contract = Dropped(widened.Table, widened.Schema, widened.Name, temporary, DefaultSql(now));
                    contract[ExpandContract.TakesName] = true;
                    var narrower = new AddColumnOperation
                    {
                        Table = widened.Table,
                        Schema = widened.Schema,
                        Name = widened.Name,
                        ClrType = before.ClrType,
                        ColumnType = before.ColumnType,
                        IsNullable = before.IsNullable,
                        DefaultValue = before.DefaultValue,
                        DefaultValueSql = before.DefaultValueSql,
                    };
                    narrower[ExpandContract.ExpandFrom] = temporary;
                    planned.Add(Marked(contract, Contract,
                        [new RenameColumnOperation { Table = widened.Table, Schema = widened.Schema, Name = widened.Name, NewName = temporary }, narrower]));
                    break;
                default:
                    planned.Add(operation);
                    break;
            }
        }
        return planned;
    }

    // smallint or integer to a wider integer: the one change of type under the same name that both builds read.
    private static readonly string[] Integers = ["smallint", "integer", "bigint"];

    private static bool IsWidened(AlterColumnOperation column) =>
        column.OldColumn.ColumnType is { } from && column.ColumnType is { } to
        && Array.IndexOf(Integers, StoreTypes.Normalize(from)) is >= 0 and var was && Array.IndexOf(Integers, StoreTypes.Normalize(to)) > was;

    private static bool IsKeyed(IColumn column) => column.Table.Indexes.Any(i => i.Columns.Contains(column)) || InConstraint(column);

    // A primary key, unique constraint or foreign key (either end) uses it.
    private static bool InConstraint(IColumn column) =>
        column.Table.UniqueConstraints.Any(k => k.Columns.Contains(column))
        || column.Table.ForeignKeyConstraints.Any(f => f.Columns.Contains(column))
        || column.Table.ReferencingForeignKeyConstraints.Any(f => f.PrincipalColumns.Contains(column));

    private static AddColumnOperation Added(string table, string? schema, string name, string from, IColumn column)
    {
        var added = new AddColumnOperation
        {
            Table = table,
            Schema = schema,
            Name = name,
            ClrType = column.ProviderClrType,
            ColumnType = column.StoreType,
            MaxLength = column.MaxLength,
            IsNullable = column.IsNullable,
            DefaultValue = column.DefaultValue,
            DefaultValueSql = column.DefaultValueSql,
        };
        added[ExpandContract.ExpandFrom] = from;
        return added;
    }

    private static DropColumnOperation Dropped(string table, string? schema, string name, string kept, string? keptDefault)
    {
        var dropped = new DropColumnOperation { Table = table, Schema = schema, Name = name };
        dropped[ExpandContract.ContractTo] = kept;
        if (keptDefault is not null)
        {
            dropped[ExpandContract.KeptDefault] = keptDefault;
        }
        return dropped;
    }

    // An index of the model, built concurrently on `to` where the model has `from`.
    private static CreateIndexOperation Index(string name, string table, string? schema, ITableIndex index, string from, string to)
    {
        var built = new CreateIndexOperation
        {
            Name = name,
            Schema = schema,
            Table = table,
            Columns = [.. index.Columns.Select(c => c.Name == from ? to : c.Name)],
            IsUnique = index.IsUnique,
            Filter = index.Filter,
        };
        built[OnlineOperations.CreatedConcurrently] = true;
        return built;
    }

    private static MigrationOperation Marked(MigrationOperation operation, string phase, params IReadOnlyList<MigrationOperation> inverse)
    {
        operation[Phase] = phase;
        Inverses.AddOrUpdate(operation, inverse);
        return operation;
    }

    private static IColumn Column(IRelationalModel model, string table, string? schema, string name) =>
        model.FindTable(table, schema)?.FindColumn(name)
        ?? throw new InvalidOperationException($"The model has no column {table}.{name}, which EF Core's differ changed.");

    private static ITableIndex? FindIndex(IRelationalModel model, string table, string? schema, string name) =>
        model.FindTable(table, schema)?.Indexes.FirstOrDefault(i => i.Name == name);

    private static string? DefaultSql(IColumn column) =>
        column.DefaultValueSql ?? (column.DefaultValue is { } value ? column.StoreTypeMapping.GenerateSqlLiteral(value) : null);
}
