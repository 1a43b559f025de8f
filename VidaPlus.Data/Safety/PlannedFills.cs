using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>A data change a migration makes to rows there are, and, once counted on a database, how many rows.</summary>
/// <param name="Where">The rows it changes: an SQL condition; null for every row.</param>
/// <param name="Source">"Backfill" (written with migrationBuilder.Backfill) or "model default" (the NULLs of a column made required
/// with a default in the model, <see cref="OnlineOperations.FillNulls"/>).</param>
/// <param name="Rows">The rows it will change here now, or, when <paramref name="AtMost"/>, the table's rows (its condition
/// reads a column an earlier step adds, so it cannot be counted before that step runs); null when not counted (no database).</param>
public sealed record PlannedFill(
    string Migration, string Job, string Table, string Column, string Value, string? Where, string Source, long? Rows = null, bool AtMost = false)
{
    public string? Schema { get; init; }

    public override string ToString() => Rows is { } rows
        ? $"{Migration}: fills {(AtMost ? "at most " : "")}{rows:N0} row(s) of {Table}.{Column} with {Value} ({Source}, in batches)"
        : $"{Migration}: fills {Table}.{Column} with {Value}{(Where is null ? " in every row" : $" where {Where}")} ({Source}, in batches)";
}

/// <summary>What the pending migrations' fills will change: each Backfill and each fill of NULLs with a model default, and
/// the rows each would change here, counted (not estimated) as a reviewer would count them.</summary>
internal static class PlannedFills
{
    public static IEnumerable<PlannedFill> Of(CompiledMigrations compiled, IEnumerable<string> ids) =>
        from id in ids
        from operation in compiled.Create(id).UpOperations
        let fill = Fill(id, operation)
        where fill is not null
        select fill;

    private static PlannedFill? Fill(string migration, MigrationOperation operation)
    {
        var (fill, source) = operation switch
        {
            BackfillOperation backfill => (backfill, "Backfill"),
            AlterColumnOperation column => (OnlineOperations.Fill(column), "model default"),
            _ => (null, ""),
        };
        return fill is null ? null
            : new PlannedFill(migration, fill.Job, fill.Table, fill.Column, fill.Value, fill.Where, source) { Schema = fill.Schema };
    }

    public static async Task<IReadOnlyList<PlannedFill>> CountAsync(
        NpgsqlConnection connection, CompiledMigrations compiled, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var fills = new List<PlannedFill>();
        foreach (var fill in Of(compiled, ids))
        {
            var (rows, atMost) = await RowsAsync(connection, fill, cancellationToken);
            fills.Add(fill with { Rows = rows, AtMost = atMost });
        }
        return fills;
    }

    // None when the table is new (made by a pending migration); the whole table when the condition reads a column not
    // there yet (42703).
    private static async Task<(long Rows, bool AtMost)> RowsAsync(NpgsqlConnection connection, PlannedFill fill, CancellationToken cancellationToken)
    {
        var table = SqlText.Quote(fill.Table, fill.Schema);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", table);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return (0, false);
        }
        try
        {
            return (await CountAsync(connection, $"SELECT count(*) FROM {table} WHERE {fill.Where ?? "true"}", cancellationToken), false);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedColumn)
        {
            return (await CountAsync(connection, $"SELECT count(*) FROM {table}", cancellationToken), true);
        }
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
