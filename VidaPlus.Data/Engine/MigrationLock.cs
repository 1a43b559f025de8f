using Npgsql;

namespace VidaPlus.Data.Engine;

/// <summary>
/// A PostgreSQL session-level advisory lock held on a connection of its own for a whole migration run, so that
/// many processes migrating one database at once go one after another. EF Core's own lock is taken per migration,
/// which lets a waiting process slip in between two migrations with a stale list of what is applied.
/// </summary>
public sealed class MigrationLock : IAsyncDisposable
{
    // Any constant bigint works; all VidaPlus processes must agree on it. ('VidaPlus' in ASCII.)
    private const long Key = 0x5669_6461_506C_7573;

    private readonly NpgsqlConnection _connection;

    private MigrationLock(NpgsqlConnection connection) => _connection = connection;

    /// <param name="database">A connection to the database to lock; it is cloned, not used.</param>
    public static async Task<MigrationLock> AcquireAsync(NpgsqlConnection database, CancellationToken cancellationToken = default)
    {
        // Unpooled: closing the connection must end the session, and with it the lock, whatever happens.
        // CloneWith keeps the password, which an opened connection's ConnectionString no longer shows.
        var connection = database.CloneWith(
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Polled, not waited for in one statement: a statement waiting on the lock holds a snapshot, and the
            // holder's CREATE INDEX CONCURRENTLY (an adoption, a migration) waits for every older snapshot to end,
            // so the two would wait for each other. Between polls this session is idle and holds nothing.
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
            var pause = TimeSpan.FromMilliseconds(100);
            while (!(bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
            }
            return new MigrationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
