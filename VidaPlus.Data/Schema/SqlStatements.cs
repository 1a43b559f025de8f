namespace VidaPlus.Data.Schema;

/// <summary>
/// SQL text cut into its statements at the semicolons PostgreSQL would end them at: not inside quotes ('', "", E''
/// with its backslashes), dollar quotes ($$, $tag$) or comments (--, nested /* */). Enough to run a migration's
/// commands one statement at a time; what each statement means is left to PostgreSQL.
/// </summary>
internal static class SqlStatements
{
    public static IReadOnlyList<string> Split(string sql)
    {
        var statements = new List<string>();
        var start = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (c is '\'' or '"')
            {
                i = QuoteEnd(sql, i, backslashes: c == '\'' && i > 0 && sql[i - 1] is 'E' or 'e' && (i < 2 || !IsWordChar(sql[i - 2])));
            }
            else if (c == '-' && next == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && next == '*')
            {
                i = CommentEnd(sql, i);
            }
            else if (c == '$' && (i == 0 || !IsWordChar(sql[i - 1])) && Tag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else if (c == ';')
            {
                Add(statements, sql[start..i]);
                start = ++i;
            }
            else
            {
                i++;
            }
        }
        Add(statements, sql[start..]);
        return statements;
    }

    // A statement is kept when it holds more than blanks and comments.
    private static void Add(List<string> statements, string statement)
    {
        var text = statement.Trim();
        if (text.ReplaceLineEndings("\n").Split('\n').Any(l => l.Trim() is { Length: > 0 } line && !line.StartsWith("--", StringComparison.Ordinal)))
        {
            statements.Add(text);
        }
    }

    private static int QuoteEnd(string sql, int open, bool backslashes)
    {
        var quote = sql[open];
        for (var i = open + 1; i < sql.Length; i++)
        {
            if (backslashes && sql[i] == '\\')
            {
                i++;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i++;
                    continue;
                }
                return i + 1;
            }
        }
        return sql.Length;
    }

    private static int CommentEnd(string sql, int open)
    {
        var depth = 0;
        for (var i = open; i < sql.Length - 1; i++)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i++;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                i++;
                if (--depth == 0)
                {
                    return i + 1;
                }
            }
        }
        return sql.Length;
    }

    // "$$" or "$tag$" opening at i; null when the $ opens none (a parameter such as $1).
    private static string? Tag(string sql, int i)
    {
        var end = i + 1;
        while (end < sql.Length && (char.IsAsciiLetter(sql[end]) || sql[end] == '_' || end > i + 1 && char.IsAsciiDigit(sql[end])))
        {
            end++;
        }
        return end < sql.Length && sql[end] == '$' ? sql[i..(end + 1)] : null;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
