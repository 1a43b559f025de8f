namespace VidaPlus.Data.Safety;

/// <summary>
/// A DO block that stops a migration before it changes anything while rows hold what the change cannot keep (NULLs
/// in a column made required, a label an enum loses): the rows are counted per check and the first check that finds
/// any raises its message, with <c>%</c> standing for the count. The same on every path, `db script` included.
/// </summary>
internal static class RowGuardSql
{
    /// <param name="checks">The table (quoted), the condition a held row meets, and the message to raise.</param>
    /// <returns>The block, without the statement terminator.</returns>
    public static string Refuse(IEnumerable<(string Table, string Condition, string Message)> checks) => $"""
        DO $$
        DECLARE
            held bigint;
        BEGIN
        {string.Concat(checks.Select(c => $"""
            SELECT count(*) INTO held FROM {c.Table} WHERE {c.Condition};
            IF held > 0 THEN
                RAISE EXCEPTION '{c.Message.Replace("'", "''", StringComparison.Ordinal)}', held;
            END IF;

        """))}END $$
        """;
}
