using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal;

namespace VidaPlus.Data.Schema;

/// <summary>Writing SQL text: names, literals, and SQL shown in a message.</summary>
internal static class SqlText
{
#pragma warning disable EF1001 // Npgsql's own quoting, the one its migrations SQL uses, for the SQL the engine writes itself.
    private static readonly ISqlGenerationHelper Helper = new NpgsqlSqlGenerationHelper(new RelationalSqlGenerationHelperDependencies());
#pragma warning restore EF1001

    /// <summary>An identifier as SQL must write it, as Npgsql writes it: quoted unless it is plain lower case and no
    /// reserved word (<c>order</c>, <c>user</c> and <c>end</c> are quoted).</summary>
    public static string Quote(string name) => Helper.DelimitIdentifier(name);

    public static string Quote(string name, string? schema) => Helper.DelimitIdentifier(name, schema);

    public static string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    public static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>SQL on one line, whitespace collapsed, cut to <paramref name="maxLength"/> for a message.</summary>
    public static string OneLine(string sql, int maxLength)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > maxLength ? line[..(maxLength - 3)] + "..." : line;
    }
}
