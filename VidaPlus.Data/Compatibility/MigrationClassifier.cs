using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Compatibility;

/// <summary>
/// Classifies each direction of a migration from its operations (<see cref="CompatibilityClass"/>): expand when
/// every operation leaves older code working, contract when any may not. What it cannot read (raw SQL, operations it
/// does not know) counts as contract unless declared otherwise with <see cref="DeclaredExpandAttribute"/>.
/// </summary>
internal static class MigrationClassifier
{
    public static Classification Classify(Migration migration, MigrationDirection direction)
    {
        var declared = migration.GetType().GetCustomAttributes<DeclaredExpandAttribute>().FirstOrDefault(a => a.Direction == direction);
        var operations = direction == MigrationDirection.Up ? migration.UpOperations : migration.DownOperations;
        var reasons = Contracting(operations).ToList();
        return declared is not null
            ? new(CompatibilityClass.Expand, reasons, declared.Reason)
            : new(reasons.Count == 0 ? CompatibilityClass.Expand : CompatibilityClass.Contract, reasons);
    }

    // One reason for each operation older code may not survive; none when all of them only add or loosen.
    private static IEnumerable<string> Contracting(IReadOnlyList<MigrationOperation> operations)
    {
        var created = operations.OfType<CreateTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        bool Existing(string table) => !created.Contains(table);
        var addedColumns = operations.OfType<AddColumnOperation>().Select(c => (c.Table, c.Name)).ToHashSet();
        foreach (var operation in operations)
        {
            var reason = operation switch
            {
                // A system column (xmin mapped as a row version) is no column of its own: nothing changes.
                AddColumnOperation { Name: var added } when StoreTypes.IsSystemColumn(added) => null,
                // A column beside the old one, kept equal to it: older code reads and writes the old one as before.
                AddColumnOperation column when Deploys.ExpandContract.IsExpand(column) => null,
                DropColumnOperation column when Deploys.ExpandContract.IsContract(column) =>
                    $"drops column {column.Table}.{column.Name} (kept equal to {column[Deploys.ExpandContract.ContractTo]} since the expand)",
                DropColumnOperation { Name: var dropped } when StoreTypes.IsSystemColumn(dropped) => null,
                CreateTableOperation or EnsureSchemaOperation or CreateSequenceOperation or InsertDataOperation or RenameIndexOperation
                    or DropForeignKeyOperation or DropCheckConstraintOperation or DropIndexOperation or AlterTableOperation => null,
                CreateIndexOperation index => index.IsUnique && Existing(index.Table)
                    ? $"unique index {index.Name} on {index.Table}: rejects duplicates older code may write" : null,
                AddColumnOperation column => Existing(column.Table) && !column.IsNullable && column.DefaultValue is null
                    && column.DefaultValueSql is null && column.ComputedColumnSql is null
                    ? $"column {column.Table}.{column.Name} NOT NULL without a default: older code's inserts omit it" : null,
                AlterColumnOperation column => AlterColumn(column),
                AlterDatabaseOperation database => Enums(database),
                AddForeignKeyOperation key when Existing(key.Table) => $"foreign key {key.Name} on {key.Table}: older code may write rows it rejects",
                AddCheckConstraintOperation check when Existing(check.Table) => $"check {check.Name} on {check.Table}: older code may write rows it rejects",
                AddUniqueConstraintOperation unique when Existing(unique.Table) => $"unique {unique.Name} on {unique.Table}: rejects duplicates older code may write",
                AddPrimaryKeyOperation key when Existing(key.Table) => $"primary key {key.Name} on {key.Table}: rejects rows older code may write",
                AddForeignKeyOperation or AddCheckConstraintOperation or AddUniqueConstraintOperation or AddPrimaryKeyOperation => null,
                DropTableOperation table => $"drops table {table.Name}",
                DropColumnOperation column => $"drops column {column.Table}.{column.Name}",
                RenameTableOperation table => $"renames table {table.Name} to {table.NewName}",
                RenameColumnOperation column => $"renames column {column.Table}.{column.Name} to {column.NewName}",
                DropPrimaryKeyOperation key => $"drops primary key {key.Name} on {key.Table}",
                DropUniqueConstraintOperation unique => $"drops unique {unique.Name} on {unique.Table}",
                // Filling a column older code has never known changes nothing it reads.
                BackfillOperation backfill => addedColumns.Contains((backfill.Table, backfill.Column)) ? null
                    : $"backfill of {backfill.Table}.{backfill.Column}: changes data older code reads",
                SqlOperation => "raw SQL, which is not read (declare it with [DeclaredExpand] if older code keeps working)",
                UpdateDataOperation or DeleteDataOperation => $"{operation.GetType().Name[..^"Operation".Length]}: changes data older code reads",
                _ => $"{operation.GetType().Name[..^"Operation".Length]}: not classified, so taken as contract",
            };
            if (reason is not null)
            {
                yield return reason;
            }
        }
    }

    private static string? AlterColumn(AlterColumnOperation column)
    {
        var name = $"{column.Table}.{column.Name}";
        if (column.ClrType != column.OldColumn.ClrType || !MigrationLinter.IsSafeTypeChange(column.OldColumn.ColumnType, column.ColumnType))
        {
            return $"column {name} changes type";
        }
        if (!column.IsNullable && column.OldColumn.IsNullable)
        {
            return $"column {name} becomes NOT NULL: older code may write nulls";
        }
        return column.DefaultValue is null && column.DefaultValueSql is null
            && (column.OldColumn.DefaultValue is not null || column.OldColumn.DefaultValueSql is not null)
            ? $"column {name} loses its default: older code's inserts may rely on it"
            : null;
    }

    // New types are expand. Any change of an existing type's labels is not: an older build fails (InvalidCastException)
    // reading a row that holds a label it does not know, even one appended at the end.
    private static string? Enums(AlterDatabaseOperation database)
    {
        var before = MigrationLinter.Enums(database.OldDatabase.GetAnnotations());
        var after = MigrationLinter.Enums(database.GetAnnotations());
        var dropped = before.Keys.Where(name => !after.ContainsKey(name)).ToList();
        var changed = before.Where(b => after.TryGetValue(b.Key, out var labels) && !labels.Take(b.Value.Length).SequenceEqual(b.Value))
            .Select(b => b.Key).ToList();
        var appended = before.Where(b => after.TryGetValue(b.Key, out var labels) && labels.Length > b.Value.Length && !changed.Contains(b.Key))
            .Select(b => $"{b.Key} ({string.Join(", ", after[b.Key].Skip(b.Value.Length))})").ToList();
        var reasons = new[]
        {
            dropped.Count > 0 ? $"drops enum type(s) {string.Join(", ", dropped)}" : null,
            changed.Count > 0 ? $"enum {string.Join(", ", changed)} loses, renames or reorders labels" : null,
            appended.Count > 0 ? $"enum {string.Join(", ", appended)} gains labels older code cannot read" : null,
        }.OfType<string>().ToList();
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }
}
