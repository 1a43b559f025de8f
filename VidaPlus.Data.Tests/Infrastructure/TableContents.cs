using System.Text.Json.Nodes;
using Npgsql;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>Every row of every table, keyed by primary key, each row as its JSON form (<c>to_jsonb</c>): what data survival compares.</summary>
internal sealed class TableContents
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _rows = [];

    public IEnumerable<string> Tables => _rows.Keys;

    public int RowCount(string table) => _rows[table].Count;

    /// <param name="except">Columns left out of every row (compared some other way).</param>
    public static async Task<TableContents> ReadAsync(NpgsqlConnection connection, DatabaseSchema schema, params string[] except)
    {
        var contents = new TableContents();
        foreach (var table in schema.Tables)
        {
            var key = table.PrimaryKey?.Columns ?? throw new InvalidOperationException($"Table {table.Name} has no primary key.");
            var rows = contents._rows[table.Name] = [];
            await using var command = new NpgsqlCommand($"SELECT (to_jsonb(t) - @except)::text FROM \"{table.Name}\" t", connection);
            command.Parameters.AddWithValue("except", except);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = JsonNode.Parse(reader.GetString(0))!.AsObject();
                rows.Add(string.Join(", ", key.Select(k => $"{k}={row[k]?.ToJsonString()}")), row);
            }
        }
        return contents;
    }

    /// <summary>Every row and value of this that <paramref name="later"/> lost or changed; columns added later are ignored.</summary>
    public IEnumerable<string> LostIn(TableContents later)
    {
        foreach (var (table, rows) in _rows)
        {
            if (!later._rows.TryGetValue(table, out var laterRows))
            {
                yield return $"table {table} is gone with its {rows.Count} row(s)";
                continue;
            }
            foreach (var (key, row) in rows)
            {
                if (!laterRows.TryGetValue(key, out var laterRow))
                {
                    yield return $"{table} ({key}): row is gone";
                    continue;
                }
                foreach (var (column, value) in row)
                {
                    if (!laterRow.TryGetPropertyValue(column, out var laterValue))
                    {
                        yield return $"{table} ({key}): column {column} is gone (was {value?.ToJsonString() ?? "null"})";
                    }
                    else if (!JsonNode.DeepEquals(value, laterValue))
                    {
                        yield return $"{table} ({key}).{column}: was {value?.ToJsonString() ?? "null"}, now {laterValue?.ToJsonString() ?? "null"}";
                    }
                }
            }
        }
    }
}
