namespace VidaPlus.Data.Engine;

/// <summary>How migrations wait for locks (for the migration lock another process holds, and for table locks on a busy
/// database) and how long one of their statements may run.</summary>
/// <param name="LockTimeout">The longest one statement waits for a table lock (lock_timeout) before its migration rolls
/// back: also the longest any query queued behind it waits. MIGRATION_LOCK_TIMEOUT; default 50 ms.</param>
/// <param name="LockRetries">How many more times a migration that timed out on a lock is tried, with backoff.</param>
/// <param name="MigrationLockWait">How long to wait for the migration lock another process holds before giving up,
/// naming it. MIGRATION_LOCK_WAIT; default 5 min.</param>
/// <param name="StatementTimeout">The longest one migration statement may run (statement_timeout), an index build or a
/// validation included; zero for no limit. MIGRATION_STATEMENT_TIMEOUT; default none.</param>
public sealed record LockWaitOptions(TimeSpan LockTimeout, int LockRetries, TimeSpan MigrationLockWait, TimeSpan StatementTimeout = default)
{
    public const string LockTimeoutKey = "MIGRATION_LOCK_TIMEOUT";
    public const string MigrationLockWaitKey = "MIGRATION_LOCK_WAIT";
    public const string StatementTimeoutKey = "MIGRATION_STATEMENT_TIMEOUT";

    /// <summary>
    /// Each attempt waits 50 ms at most, so a writer queued behind an ALTER waiting for its lock stalls no longer than
    /// that; 12 more attempts, 0.5 s apart and doubling to 5 s, keep trying for about 48 s, past a long report holding
    /// the table. (Online steps wait without a lock timeout: no writer queues behind them.)
    /// </summary>
    public static LockWaitOptions Default { get; } = new(TimeSpan.FromMilliseconds(50), LockRetries: 12, TimeSpan.FromMinutes(5));
}
