using Npgsql;
using VidaPlus.Data.Connection;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// A real PgBouncer in transaction pooling mode in front of the test server (TEST_PGBOUNCER_URL; scripts/test.sh
/// starts one with scripts/local-pgbouncer.sh), with the same user and password, passing any database name through.
/// </summary>
internal static class TestPooler
{
    private const string Variable = "TEST_PGBOUNCER_URL";

    /// <summary>The test database's connection string, through the pooler.</summary>
    public static string Through(TestDatabase database)
    {
        var pooler = DatabaseUrlSource.TryResolve(out var problem, Variable) ?? throw new InvalidOperationException(
            $"No PgBouncer for the tests: {Variable} is not set ({problem?.Message}). scripts/test.sh starts one with " +
            "scripts/local-pgbouncer.sh; or set it to a PgBouncer in pool_mode=transaction in front of TEST_DATABASE_URL's server.");
        return new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = pooler.Host, Port = pooler.Port }.ConnectionString;
    }
}
