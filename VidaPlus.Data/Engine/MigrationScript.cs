using System.Text;

namespace VidaPlus.Data.Engine;

/// <summary>
/// EF Core's migration script with the engine's own protection, for a DBA who runs it by hand: every statement waits at
/// most the lock timeout for a lock, as in the engine's own runs, so that the queries queued behind a waiting ALTER
/// wait no longer either, and each statement runs at most the statement timeout. Set for the session at the top (it covers the online steps, which run outside any
/// transaction) and again in each transaction (so that a block run on its own keeps it).
/// </summary>
internal static class MigrationScript
{
    private const string StartTransaction = "START TRANSACTION;";

    public static string Protect(string script, LockWaitOptions options)
    {
        var local = EngineSql.LockTimeout(options.LockTimeout, local: true) + ";";
        var protectedScript = new StringBuilder()
            .AppendLine($"-- Every statement waits at most {options.LockTimeout.TotalMilliseconds:0} ms for a lock (MIGRATION_LOCK_TIMEOUT): if one")
            .AppendLine("-- times out, its transaction rolls back: go on from that transaction once the blocking one has ended (a script")
            .AppendLine("-- made with --idempotent can simply be run again). Each statement runs at most MIGRATION_STATEMENT_TIMEOUT (0: no limit).")
            .AppendLine($"{EngineSql.LockTimeout(options.LockTimeout, local: false)};")
            .AppendLine($"{EngineSql.StatementTimeout(options.StatementTimeout)};")
            .AppendLine();
        foreach (var line in script.ReplaceLineEndings("\n").Split('\n'))
        {
            protectedScript.Append(line).Append('\n');
            if (line == StartTransaction)
            {
                protectedScript.Append(local).Append('\n');
            }
        }
        return protectedScript.ToString().TrimEnd('\n') + "\n";
    }
}
