using Npgsql;
using VidaPlus.Data.Connection;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// A real PgBouncer in transaction pooling mode in front of the test server, with the same user and password, passing
/// any database name through: TEST_PGBOUNCER_URL (scripts/test.sh starts one with scripts/local-pgbouncer.sh), or,
/// in front of a Testcontainers server, one started here with that script and stopped at the end of the run.
/// </summary>
internal static class TestPooler
{
    /// <summary>The user and password of scripts/local-pgbouncer.sh's auth file.</summary>
    public const string User = "vidaplus", Password = "vidaplus-local";

    private const string Variable = "TEST_PGBOUNCER_URL";
    private static readonly Lazy<DatabaseUrl> Pooler = new(Find);

    /// <summary>The test database's connection string, through the pooler.</summary>
    public static string Through(TestDatabase database) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = Pooler.Value.Host, Port = Pooler.Value.Port }.ConnectionString;

    private static DatabaseUrl Find()
    {
        var pooler = DatabaseUrlSource.TryResolve(out var problem, Variable);
        if (pooler is not null)
        {
            return pooler;
        }
        if (!TestServer.IsContainer)
        {
            throw new InvalidOperationException(
                $"No PgBouncer for the tests: {Variable} is not set ({problem?.Message}). scripts/test.sh starts one with " +
                "scripts/local-pgbouncer.sh; or set it to a PgBouncer in pool_mode=transaction in front of TEST_DATABASE_URL's server.");
        }
        var environment = new Dictionary<string, string>
        {
            ["VIDAPLUS_PG_PORT"] = TestServer.GetAsync().GetAwaiter().GetResult().Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["VIDAPLUS_PGBOUNCER_PORT"] = TestScripts.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var url = TestScripts.Run("local-pgbouncer.sh", "start", environment);
        TestServer.OnExit(() => TestScripts.Run("local-pgbouncer.sh", "stop", environment));
        return DatabaseUrl.Parse(url, "scripts/local-pgbouncer.sh");
    }
}
