namespace VidaPlus.Data.Engine;

internal static class SqlText
{
    /// <summary>SQL on one line, whitespace collapsed, cut to <paramref name="maxLength"/> for a message.</summary>
    public static string OneLine(string sql, int maxLength)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > maxLength ? line[..(maxLength - 3)] + "..." : line;
    }
}
