using Npgsql;

namespace VidaPlus.Data.Engine;

/// <summary>
/// The one way engine SQL that is not a migration reaches the server: as plain text, never through EF Core's raw-SQL
/// API, which reads every brace as a <c>string.Format</c> placeholder (a <c>[DeclaredExpand]</c> reason with a brace
/// in it would break the statement). And the one place that writes how long a statement may wait for a lock.
/// </summary>
internal static class EngineSql
{
    /// <summary>Runs <paramref name="sql"/> (one statement or several) on an open connection, with no command
    /// timeout: the engine bounds its waits with lock_timeout, not by abandoning a statement midway.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary><c>SET [LOCAL] lock_timeout</c>: for the current transaction only (<paramref name="local"/>), or for the
    /// session, where it is also kept as <c>vidaplus.lock_timeout</c> for an online step to restore after waiting
    /// without one (<see cref="Safety.OnlineMigrationsSqlGenerator"/>). <see cref="TimeSpan.Zero"/> waits without limit.
    /// Also written into scripts for a DBA.</summary>
    public static string LockTimeout(TimeSpan timeout, bool local)
    {
        var value = $"'{(long)timeout.TotalMilliseconds}ms'";
        return local ? $"SET LOCAL lock_timeout = {value}" : $"SET lock_timeout = {value}; SET {KeptLockTimeout} = {value}";
    }

    /// <summary>The session's lock timeout as the engine set it, for <see cref="RestoreLockTimeout"/>.</summary>
    public const string KeptLockTimeout = "vidaplus.lock_timeout";

    /// <summary>Sets lock_timeout back to what the engine (or a script's header) set for the session; to none when
    /// nothing did (`dotnet ef database update`), which is PostgreSQL's own default.</summary>
    public const string RestoreLockTimeout =
        $"SELECT set_config('lock_timeout', coalesce(nullif(current_setting('{KeptLockTimeout}', true), ''), '0'), false)";

    public const string ResetLockTimeout = $"RESET lock_timeout; RESET {KeptLockTimeout}";

    public static Task SetLockTimeoutAsync(NpgsqlConnection connection, TimeSpan timeout, bool local, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, LockTimeout(timeout, local), cancellationToken);

    /// <summary><c>SET statement_timeout</c> for the session: how long one migration statement may run (zero: no limit),
    /// also kept as <c>vidaplus.statement_timeout</c> for a backfill, which is one statement for as long as all its
    /// batches take, to restore after running without one.</summary>
    public static string StatementTimeout(TimeSpan timeout)
    {
        var value = $"'{(long)timeout.TotalMilliseconds}ms'";
        return $"SET statement_timeout = {value}; SET {KeptStatementTimeout} = {value}";
    }

    public const string KeptStatementTimeout = "vidaplus.statement_timeout";

    public const string RestoreStatementTimeout =
        $"SELECT set_config('statement_timeout', coalesce(nullif(current_setting('{KeptStatementTimeout}', true), ''), '0'), false)";

    public const string ResetStatementTimeout = $"RESET statement_timeout; RESET {KeptStatementTimeout}";
}
