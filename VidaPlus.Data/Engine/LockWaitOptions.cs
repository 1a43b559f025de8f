namespace VidaPlus.Data.Engine;

/// <summary>How migrations wait for locks (for the migration lock another process holds, and for table locks on a busy
/// database) and how long one of their statements may run.</summary>
/// <param name="LockTimeout">The longest one statement waits for a table lock (lock_timeout) before its migration rolls
/// back: also the longest any query queued behind it waits. MIGRATION_LOCK_TIMEOUT; default 5 s.</param>
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

    public static LockWaitOptions Default { get; } = new(TimeSpan.FromSeconds(5), LockRetries: 3, TimeSpan.FromMinutes(5));
}
