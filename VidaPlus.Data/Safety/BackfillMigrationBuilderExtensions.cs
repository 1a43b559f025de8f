using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace VidaPlus.Data.Safety;

/// <summary><c>migrationBuilder.Backfill(...)</c>: the safe way to change the data of an existing table in a migration.</summary>
public static class BackfillMigrationBuilderExtensions
{
    /// <summary>
    /// Sets <paramref name="column"/> of <paramref name="table"/> to <paramref name="value"/> (SQL) where
    /// <paramref name="where"/> (SQL; null: every row), in batches of <paramref name="batchSize"/> keys of <paramref name="key"/>
    /// (the columns of a key of any types; null: the table's primary key), walked in order, each its own
    /// transaction, after the migration's schema changes commit (<see cref="BackfillOperation"/>). An interrupted run
    /// resumes where it stopped.
    /// </summary>
    public static OperationBuilder<BackfillOperation> Backfill(
        this MigrationBuilder migrationBuilder, string table, string column, string value, string? where = null,
        int batchSize = BackfillOperation.DefaultBatchSize, IReadOnlyList<string>? key = null, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (key is not null && (key.Count == 0 || key.Any(string.IsNullOrWhiteSpace)))
        {
            throw new ArgumentException("A backfill's key names one column or more.", nameof(key));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var operation = new BackfillOperation
        {
            Table = table,
            Schema = schema,
            Column = column,
            Value = value,
            Where = where,
            KeyColumns = key,
            BatchSize = batchSize,
        };
        migrationBuilder.Operations.Add(operation);
        return new OperationBuilder<BackfillOperation>(operation);
    }
}
