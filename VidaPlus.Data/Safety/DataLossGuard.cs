using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>A downgrade would drop tables or columns that hold data; nothing was changed.</summary>
internal sealed class DataLossException(IReadOnlyList<string> losses) : Exception(
    $"Refusing to downgrade: it would drop {string.Join(", ", losses)}. Nothing was changed. " +
    "Back the data up, then re-run with --allow-data-loss.")
{
    public IReadOnlyList<string> Losses { get; } = losses;
}

/// <summary>Finds, before a downgrade runs, each table or column its Down() operations drop that still holds data.</summary>
internal static class DataLossGuard
{
    /// <param name="downOperations">The Down() operations of the migrations to revert, in the order they will run.</param>
    public static async Task<IReadOnlyList<string>> FindAsync(
        VidaPlusDbContext db, IEnumerable<MigrationOperation> downOperations, CancellationToken cancellationToken = default)
    {
        var losses = new List<string>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (await ConnectionScope.OpenAsync(db.Database, cancellationToken))
        {
            foreach (var operation in downOperations)
            {
                var (what, sql) = operation switch
                {
                    DropTableOperation t => ($"table {t.Name}", $"SELECT count(*) FROM {SqlText.Quote(t.Name)}"),
                    // A column kept equal to another (Deploys.ExpandContract) loses nothing: its values are in the one kept.
                    DropColumnOperation c when !StoreTypes.IsSystemColumn(c.Name) && !Deploys.ExpandContract.IsContract(c) =>
                        ($"column {c.Table}.{c.Name}", $"SELECT count({SqlText.Quote(c.Name)}) FROM {SqlText.Quote(c.Table)}"),
                    _ => (null, null),
                };
                if (sql is null || !await ExistsAsync(connection, operation, cancellationToken))
                {
                    continue;
                }
                await using var command = new NpgsqlCommand(sql, connection);
                var rows = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
                if (rows > 0)
                {
                    losses.Add($"{what} ({rows} {(operation is DropTableOperation ? "row(s)" : "non-null value(s)")})");
                }
            }
        }
        return losses;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, MigrationOperation operation, CancellationToken cancellationToken)
    {
        var (table, column) = operation switch
        {
            DropTableOperation t => (t.Name, null),
            DropColumnOperation c => (c.Table, c.Name),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() " +
            "AND table_name = @table AND (@column::text IS NULL OR column_name = @column))",
            connection);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("column", (object?)column ?? DBNull.Value);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
