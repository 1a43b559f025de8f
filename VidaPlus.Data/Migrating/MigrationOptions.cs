using System.Globalization;

namespace VidaPlus.Data.Migrating;

/// <summary>How migrations wait for locks on a busy database.</summary>
/// <param name="LockTimeout">The longest one statement waits for a lock (lock_timeout) before its migration rolls
/// back: also the longest any query queued behind it waits. MIGRATION_LOCK_TIMEOUT, in seconds; default 5.</param>
/// <param name="LockRetries">How many more times a migration that timed out on a lock is tried, with backoff.</param>
public sealed record MigrationOptions(TimeSpan LockTimeout, int LockRetries)
{
    public const string LockTimeoutVariable = "MIGRATION_LOCK_TIMEOUT";

    public static MigrationOptions Default { get; } = new(TimeSpan.FromSeconds(5), LockRetries: 3);

    /// <summary>From the MIGRATION_LOCK_TIMEOUT value (seconds), or the default when null.</summary>
    /// <exception cref="FormatException">Not a positive number of seconds.</exception>
    public static MigrationOptions Parse(string? lockTimeoutSeconds) =>
        lockTimeoutSeconds is null ? Default
        : double.TryParse(lockTimeoutSeconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? Default with { LockTimeout = TimeSpan.FromSeconds(seconds) }
            : throw new FormatException($"{LockTimeoutVariable} must be a positive number of seconds, not '{lockTimeoutSeconds}'.");
}
