using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;
using VidaPlus.Data.Connection;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests create their databases on, found once per run: TEST_DATABASE_URL when set,
/// otherwise a Testcontainers postgres:15 when a Docker engine answers.
/// </summary>
internal static class TestServer
{
    private const string Variable = "TEST_DATABASE_URL";
    private static readonly Lazy<Task<DatabaseUrl>> Server = new(FindAsync);

    public static Task<DatabaseUrl> GetAsync() => Server.Value;

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
            // Left to Testcontainers' resource reaper to remove when the test run ends.
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
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
