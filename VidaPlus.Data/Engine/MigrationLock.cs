using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Data.Engine;

/// <summary>
/// A PostgreSQL session-level advisory lock held on a connection of its own for a whole migration run, so that
/// many processes migrating one database at once go one after another. EF Core's own lock is taken per migration,
/// which lets a waiting process slip in between two migrations with a stale list of what is applied. Disposing it
/// ends its session, and the lock with it.
/// </summary>
internal sealed class MigrationLock(NpgsqlConnection connection) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

/// <summary>Takes the <see cref="MigrationLock"/>: waits for another holder at most
/// <see cref="LockWaitOptions.MigrationLockWait"/>, naming it as it waits, and refuses a connection that cannot hold it.</summary>
internal sealed class MigrationLocker(LockWaitOptions options, MigrationProgress progress, TimeProvider time, ILogger<MigrationLocker> logger)
{
    // Any constant bigint works; all VidaPlus processes must agree on it. ('VidaPlus' in ASCII.)
    internal const long Key = 0x5669_6461_506C_7573;
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);

    /// <param name="database">A connection to the database to lock; it is cloned, not used.</param>
    /// <exception cref="MigrationStateException">The lock stayed held elsewhere for <see cref="LockWaitOptions.MigrationLockWait"/>,
    /// or the connection cannot hold a session lock.</exception>
    public async Task<MigrationLock> AcquireAsync(NpgsqlConnection database, CancellationToken cancellationToken)
    {
        // Unpooled: closing the connection must end the session, and with it the lock, whatever happens.
        // CloneWith keeps the password, which an opened connection's ConnectionString no longer shows.
        var connection = database.CloneWith(
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        using var activity = VidaPlusTelemetry.Start("migration lock", database.Database);
        var started = time.GetTimestamp();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await EnsureOneSessionAsync(database, connection, cancellationToken);
            // Polled, not waited for in one statement: a statement waiting on the lock holds a snapshot, and the
            // holder's CREATE INDEX CONCURRENTLY (an adoption, a migration) waits for every older snapshot to end,
            // so the two would wait for each other. Between polls this session is idle and holds nothing.
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
            var nextReport = TimeSpan.Zero;
            var pause = TimeSpan.FromMilliseconds(100);
            while (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                var waited = time.GetElapsedTime(started);
                if (waited >= nextReport)
                {
                    var holder = await HolderAsync(connection, cancellationToken);
                    if (waited >= options.MigrationLockWait)
                    {
                        throw new MigrationStateException(
                            $"Gave up after {options.MigrationLockWait.TotalSeconds:0.###} s waiting for the migration lock, held by {holder}. " +
                            $"Nothing was changed. See what that process is doing, or raise {LockWaitOptions.MigrationLockWaitKey}.");
                    }
                    activity?.SetTag("vidaplus.lock.holder", holder);
                    progress.WaitingForLock(holder);
                    logger.LogWarning("Waiting for the migration lock, held by {Holder}; {Waited:0} s so far, giving up after {Limit:0} s",
                        holder, waited.TotalSeconds, options.MigrationLockWait.TotalSeconds);
                    nextReport = waited + ReportEvery < options.MigrationLockWait ? waited + ReportEvery : options.MigrationLockWait;
                }
                await Task.Delay(pause, time, cancellationToken);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
            }
            progress.Done();
            VidaPlusTelemetry.LockWait.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("db.namespace", database.Database));
            return new MigrationLock(connection);
        }
        catch (Exception e)
        {
            activity.Failed(e);
            await connection.DisposeAsync();
            throw;
        }
    }

    // Who holds the lock, from pg_locks and pg_stat_activity: a bigint advisory key shows as classid (high 32 bits),
    // objid (low 32 bits) and objsubid 1, in this database (advisory locks are per database). The holder's session
    // took the lock when it connected.
    private static async Task<string> HolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT a.pid, coalesce(nullif(a.application_name, ''), 'no application_name'), a.backend_start, a.state
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = {Key >> 32} AND l.objid = {Key & 0xFFFF_FFFF}
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? $"pid {reader.GetInt32(0)} ({reader.GetString(1)}, {reader.GetString(3)}) since {reader.GetDateTime(2):yyyy-MM-dd HH:mm:ss}Z"
            : "a session that has just let it go";
    }

    /// <summary>
    /// Through a transaction-pooling proxy (PgBouncer's pool_mode=transaction, RDS Proxy and the like) each statement
    /// may run in another server session, so a session lock guards nothing and session settings do not stick. Told
    /// apart without guessing: <paramref name="pin"/> holds a server session in an open transaction, and a pooler hands
    /// it the one <paramref name="migrations"/> just released (PgBouncer reuses the most recent), so the next statement
    /// of <paramref name="migrations"/> lands in another session. A direct connection stays in its own.
    /// </summary>
    private static async Task EnsureOneSessionAsync(NpgsqlConnection migrations, NpgsqlConnection pin, CancellationToken cancellationToken)
    {
        await using var open = await ConnectionScope.OpenAsync(migrations, cancellationToken);
        var before = await BackendAsync(migrations, cancellationToken);
        await using var transaction = await pin.BeginTransactionAsync(cancellationToken);
        await BackendAsync(pin, cancellationToken);
        var after = await BackendAsync(migrations, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        if (before != after)
        {
            throw new MigrationStateException(
                "The migration lock cannot hold on this connection: it goes through a transaction-pooling proxy (PgBouncer " +
                "pool_mode=transaction, RDS Proxy...), where each statement may run in another server session. Set " +
                $"{VidaPlusSettings.MigrationDatabaseUrlKey} to a direct connection to PostgreSQL; {VidaPlusSettings.DatabaseUrlKey} keeps " +
                "serving through the pooler. Nothing was changed.");
        }
    }

    private static async Task<int> BackendAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
