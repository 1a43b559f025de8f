using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace VidaPlus.Data.Deploys;

/// <summary><c>migrationBuilder.ExpandColumn(...)</c> and <c>ContractColumn(...)</c>: a column renamed or retyped while the
/// older build still serves, written by hand (`dotnet ef migrations add` writes the same as annotated AddColumn and
/// DropColumn operations: <see cref="ExpandContract"/>).</summary>
public static class ExpandContractMigrationBuilderExtensions
{
    /// <summary>
    /// Adds <paramref name="newColumn"/> (<paramref name="newType"/>) beside <paramref name="column"/>, kept equal to it
    /// in both directions by a trigger, filled in batches, and NOT NULL once filled unless <paramref name="newNullable"/>.
    /// <paramref name="toNew"/> converts the old value (<c>{old}</c>) to the new type and <paramref name="toOld"/> back
    /// (<c>{new}</c>); the value as it is by default. <paramref name="defaultValueSql"/>: the column's default, which the
    /// trigger carries while both columns exist.
    /// </summary>
    public static OperationBuilder<AddColumnOperation> ExpandColumn(
        this MigrationBuilder migrationBuilder, string table, string column, string newColumn, string newType, bool newNullable = false,
        string? toNew = null, string? toOld = null, string? defaultValueSql = null, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        ArgumentException.ThrowIfNullOrWhiteSpace(newColumn);
        ArgumentException.ThrowIfNullOrWhiteSpace(newType);
        if (column == newColumn)
        {
            throw new ArgumentException($"The new column needs a name of its own, not {column}'s: the old one serves beside it until the contract.", nameof(newColumn));
        }
        Reads(toNew, ExpandContract.OldValue, nameof(toNew));
        Reads(toOld, ExpandContract.NewValue, nameof(toOld));
        var operation = new AddColumnOperation
        {
            Table = table,
            Schema = schema,
            Name = newColumn,
            ClrType = typeof(object),
            ColumnType = newType,
            IsNullable = newNullable,
            DefaultValueSql = defaultValueSql,
        };
        operation[ExpandContract.ExpandFrom] = column;
        if (toNew is not null)
        {
            operation[ExpandContract.ToNew] = toNew;
        }
        if (toOld is not null)
        {
            operation[ExpandContract.ToOld] = toOld;
        }
        migrationBuilder.Operations.Add(operation);
        return new OperationBuilder<AddColumnOperation>(operation);
    }

    /// <summary>Drops <paramref name="column"/> and the trigger that kept it equal to <paramref name="kept"/>, which takes
    /// <paramref name="defaultValueSql"/> as its default, and, with <paramref name="takesName"/>, the dropped column's name.</summary>
    public static OperationBuilder<DropColumnOperation> ContractColumn(
        this MigrationBuilder migrationBuilder, string table, string column, string kept, string? defaultValueSql = null, bool takesName = false,
        string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        ArgumentException.ThrowIfNullOrWhiteSpace(kept);
        var operation = new DropColumnOperation { Table = table, Schema = schema, Name = column };
        operation[ExpandContract.ContractTo] = kept;
        if (takesName)
        {
            operation[ExpandContract.TakesName] = true;
        }
        if (defaultValueSql is not null)
        {
            operation[ExpandContract.KeptDefault] = defaultValueSql;
        }
        migrationBuilder.Operations.Add(operation);
        return new OperationBuilder<DropColumnOperation>(operation);
    }

    // A conversion that does not read the value would write the same into every row.
    private static void Reads(string? conversion, string value, string name)
    {
        if (conversion is not null && !conversion.Contains(value, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The conversion '{conversion}' does not read the value it converts: write it over {value}.", name);
        }
    }
}
