namespace VidaPlus.Data.Engine;

/// <summary>How migrations wait for table locks on a busy database.</summary>
/// <param name="LockTimeout">The longest one statement waits for a lock (lock_timeout) before its migration rolls
/// back: also the longest any query queued behind it waits. MIGRATION_LOCK_TIMEOUT; default 5 s.</param>
/// <param name="LockRetries">How many more times a migration that timed out on a lock is tried, with backoff.</param>
public sealed record LockWaitOptions(TimeSpan LockTimeout, int LockRetries)
{
    public const string LockTimeoutVariable = "MIGRATION_LOCK_TIMEOUT";

    public static LockWaitOptions Default { get; } = new(TimeSpan.FromSeconds(5), LockRetries: 3);
}
