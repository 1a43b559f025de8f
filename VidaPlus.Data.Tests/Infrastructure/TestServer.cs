using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;
using VidaPlus.Data.Connection;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests create their databases on, found once per run: TEST_DATABASE_URL when set,
/// otherwise a Testcontainers postgres:15 when a Docker engine answers, removed at the end of the run.
/// </summary>
internal static class TestServer
{
    private const string Variable = "TEST_DATABASE_URL";
    private static readonly Lazy<Task<DatabaseUrl>> Server = new(FindAsync);
    private static readonly Stack<Action> AtEnd = new();

    /// <summary>
    /// Runs the cleanups last-in first-out, so that what stands in front of the server (a pooler) is stopped before
    /// the server goes. <see cref="EndOfRunFramework"/> calls it once the last test has finished.
    /// </summary>
    public static void RunCleanups()
    {
        // Every cleanup runs even when one before it fails: a pooler that would not stop must not leave the server.
        var failures = new List<Exception>();
        lock (AtEnd)
        {
            while (AtEnd.TryPop(out var cleanup))
            {
                try
                {
                    cleanup();
                }
                catch (Exception failure)
                {
                    failures.Add(failure);
                }
            }
        }
        if (failures.Count > 0)
        {
            throw new AggregateException("Cleaning up after the tests failed", failures);
        }
    }

    /// <summary>Runs <paramref name="cleanup"/> at the end of the run, before the cleanups registered earlier.</summary>
    public static void OnExit(Action cleanup)
    {
        lock (AtEnd)
        {
            AtEnd.Push(cleanup);
        }
    }

    public static Task<DatabaseUrl> GetAsync() => Server.Value;

    /// <summary>
    /// Whether the server is a container of this run: it goes with every database on it, so nothing on it needs
    /// dropping, and the pooler tests put a PgBouncer of their own in front of it.
    /// </summary>
    public static bool IsContainer { get; private set; }

    /// <summary>Runs a statement on the server's own database: CREATE and DROP DATABASE.</summary>
    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection((await GetAsync()).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<DatabaseUrl> FindAsync()
    {
        var url = DatabaseUrlSource.TryResolve(out var problem, Variable);
        if (url is not null)
        {
            return url;
        }
        if (problem is { NotSet: false })
        {
            throw problem;
        }
        try
        {
            // The user and password scripts/local-pgbouncer.sh puts in its auth file, so the pooler tests can use it.
            var container = new PostgreSqlBuilder("postgres:15-alpine")
                .WithUsername(TestPooler.User).WithPassword(TestPooler.Password).Build();
            // Removed here rather than left to Testcontainers' resource reaper (Ryuk), which not every engine can run.
            OnExit(() => container.DisposeAsync().AsTask().GetAwaiter().GetResult());
            await container.StartAsync();
            IsContainer = true;
            return DatabaseUrl.Parse(container.GetConnectionString(), "the Testcontainers connection string");
        }
        catch (DockerUnavailableException)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests: {Variable} is not set and no Docker engine is reachable for Testcontainers. " +
                $"Either set {Variable}=postgresql://USER:PASSWORD@HOST:PORT/postgres (a user that may CREATE DATABASE), " +
                "or start a Docker engine. scripts/test.sh does the first for you with a local PostgreSQL.");
        }
    }
}
