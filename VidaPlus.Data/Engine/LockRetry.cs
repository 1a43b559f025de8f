using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Data.Engine;

/// <summary>Waiting for table locks gave up after every retry.</summary>
internal sealed class LockWaitException(string message, Exception inner) : TimeoutException(message, inner);

/// <summary>
/// Runs a unit of work whose statements wait at most lock_timeout for a lock; when one times out, the whole unit has
/// rolled back, so it is tried again after a pause (doubling from 0.5 s to at most 5 s), up to
/// <see cref="LockWaitOptions.LockRetries"/> times.
/// </summary>
internal sealed class LockRetry(LockWaitOptions options, TimeProvider time, ILogger<LockRetry> logger)
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);

    /// <param name="what">The unit, for the log ("Migration X", "Adoption").</param>
    /// <param name="tables">The tables it locks, named when it gives up.</param>
    public async Task RunAsync(Func<Task> attempt, string what, Func<IEnumerable<string>> tables, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(500);
        for (var tried = 1; ; tried++)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && LockTimeoutIn(e) is { } timeout)
            {
                var locked = string.Join(", ", tables());
                if (tried > options.LockRetries)
                {
                    throw new LockWaitException(
                        $"Gave up after {tried} tries, each waiting {options.LockTimeout.TotalSeconds:0.###} s for a lock on {locked} " +
                        $"({timeout.MessageText}). Another transaction holds a conflicting lock (see pg_locks and pg_stat_activity): " +
                        $"retry when it ends, or raise {LockWaitOptions.LockTimeoutKey}.", e);
                }
                logger.LogWarning("{What} timed out waiting for a lock on {Tables}; try {Attempt} of {Tries} in {Pause} ms",
                    what, locked, tried + 1, options.LockRetries + 1, (int)pause.TotalMilliseconds);
                VidaPlusTelemetry.LockRetries.Add(1, new KeyValuePair<string, object?>("vidaplus.unit", what));
                using (VidaPlusTelemetry.Source.StartActivity("lock timeout retry")?.SetTag("vidaplus.unit", what)
                    .SetTag("vidaplus.lock.tables", locked).SetTag("vidaplus.retry.attempt", tried + 1))
                {
                    await Task.Delay(pause, time, cancellationToken);
                }
                pause = pause * 2 < MaxPause ? pause * 2 : MaxPause;
            }
        }
    }

    private static PostgresException? LockTimeoutIn(Exception? e) =>
        e is null ? null
        : e is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } pg ? pg
        : LockTimeoutIn(e.InnerException);
}
