using System.Text.RegularExpressions;

namespace VidaPlus.Data.Schema;

/// <summary>Writing SQL text: names, literals, and SQL shown in a message.</summary>
internal static partial class SqlText
{
    /// <summary>An identifier as SQL must write it: quoted unless it is plain lower case.</summary>
    public static string Quote(string name) =>
        PlainName().IsMatch(name) ? name : $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public static string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    public static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>SQL on one line, whitespace collapsed, cut to <paramref name="maxLength"/> for a message.</summary>
    public static string OneLine(string sql, int maxLength)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > maxLength ? line[..(maxLength - 3)] + "..." : line;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex PlainName();
}
