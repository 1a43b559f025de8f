using Npgsql;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Schema;

/// <summary>
/// The model's expressions (column defaults, generated columns, CHECK constraints, partial index filters) in the form
/// PostgreSQL prints them, so that drift compares what they mean, not how they are spelt (<c>quantidade &gt; 100</c>
/// against the server's <c>(quantidade &gt; 100)</c>): each is given to the server on a temporary table with the live
/// table's columns, read back as pg_catalog shows the live one, and everything is rolled back. An expression the server
/// refuses is kept as written, and then shows as drift.
/// </summary>
internal static class ExpressionNormalizer
{
    private const string Temp = "vp_normalize";

    /// <param name="expected">What the model says.</param>
    /// <param name="actual">The live schema: only its tables are normalized against.</param>
    public static async Task<DatabaseSchema> NormalizeAsync(
        NpgsqlConnection connection, DatabaseSchema expected, DatabaseSchema actual, CancellationToken cancellationToken)
    {
        var tables = expected.Tables.Where(t => actual.FindTable(t.Name) is not null && HasExpressions(t)).ToList();
        if (tables.Count == 0)
        {
            return expected;
        }
        await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var normalized = new Dictionary<string, Table>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                normalized[table.Name] = await NormalizeAsync(new Session(connection, transaction), table, cancellationToken);
            }
            return expected with { Tables = [.. expected.Tables.Select(t => normalized.GetValueOrDefault(t.Name) ?? t)] };
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }

    private static bool HasExpressions(Table table) =>
        table.Columns.Any(c => c.Default is not null || c.Generated is not null) || table.Indexes.Any(i => i.Filter is not null)
        || table.OtherConstraints.Any(IsCheck);

    private static bool IsCheck(Constraint constraint) => constraint.Definition.StartsWith("CHECK (", StringComparison.Ordinal);

    private static async Task<Table> NormalizeAsync(Session session, Table table, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync($"DROP TABLE IF EXISTS pg_temp.{Temp}; CREATE TEMP TABLE {Temp} (LIKE {SqlText.Quote(table.Name)})", cancellationToken);
        var columns = new List<Column>();
        foreach (var column in table.Columns)
        {
            var normalized = column;
            if (column.Default is { } value)
            {
                normalized = normalized with
                {
                    Default = await session.TryAsync($"ALTER TABLE {Temp} ALTER COLUMN {SqlText.Quote(column.Name)} SET DEFAULT {value}",
                        $"SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = '{Temp}'::regclass AND adnum = " +
                        $"(SELECT attnum FROM pg_attribute WHERE attrelid = '{Temp}'::regclass AND attname = {SqlText.Literal(column.Name)})",
                        cancellationToken) ?? value,
                };
            }
            if (column.Generated is { } expression)
            {
                normalized = normalized with
                {
                    Generated = await session.TryAsync(
                        $"ALTER TABLE {Temp} ADD COLUMN vp_generated {column.StoreType} GENERATED ALWAYS AS ({expression}) STORED",
                        $"SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = '{Temp}'::regclass AND adnum = " +
                        $"(SELECT attnum FROM pg_attribute WHERE attrelid = '{Temp}'::regclass AND attname = 'vp_generated')",
                        cancellationToken) ?? expression,
                };
            }
            columns.Add(normalized);
        }
        var indexes = new List<Index>();
        foreach (var index in table.Indexes)
        {
            indexes.Add(index.Filter is { } filter
                ? index with
                {
                    Filter = await session.TryAsync(
                        $"CREATE INDEX vp_filter ON {Temp} ({string.Join(", ", index.Columns.Select(KeyColumn))}) WHERE {filter}",
                        "SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = 'vp_filter'::regclass", cancellationToken) ?? filter,
                }
                : index);
        }
        var constraints = new List<Constraint>();
        foreach (var constraint in table.OtherConstraints)
        {
            constraints.Add(IsCheck(constraint)
                ? constraint with
                {
                    Definition = await session.TryAsync($"ALTER TABLE {Temp} ADD CONSTRAINT vp_check {constraint.Definition}",
                        $"SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '{Temp}'::regclass AND conname = 'vp_check'",
                        cancellationToken) ?? constraint.Definition,
                }
                : constraint);
        }
        return table with { Columns = columns, Indexes = indexes, OtherConstraints = constraints };
    }

    // A key is a column's name, or an expression's SQL (SchemaReader, ModelSchema).
    private static string KeyColumn(string key) => key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? SqlText.Quote(key) : key;

    // Each expression in a savepoint, undone after it is read, so one the server refuses spoils nothing else.
    private sealed record Session(NpgsqlConnection Connection, NpgsqlTransaction Transaction)
    {
        public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, Connection, Transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task<string?> TryAsync(string change, string read, CancellationToken cancellationToken)
        {
            await Transaction.SaveAsync("vp_expression", cancellationToken);
            try
            {
                await ExecuteAsync(change, cancellationToken);
                await using var command = new NpgsqlCommand(read, Connection, Transaction);
                return await command.ExecuteScalarAsync(cancellationToken) as string;
            }
            catch (PostgresException)
            {
                // Refused (an expression that does not parse, a function that does not exist): kept as written.
                return null;
            }
            finally
            {
                await Transaction.RollbackAsync("vp_expression", cancellationToken);
            }
        }
    }
}
