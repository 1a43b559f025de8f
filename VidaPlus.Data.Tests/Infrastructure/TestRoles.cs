using Npgsql;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// Two login roles of a test's own on the test server (roles are the server's, not a database's): an owner that
/// migrates and an app role that serves. Dropped when disposed, after the databases they own are gone.
/// </summary>
internal sealed class TestRoles : IAsyncDisposable
{
    public const string Password = "role-test-password";

    private TestRoles(string suffix) => (Owner, App) = ($"vp_owner_{suffix}", $"vp_app_{suffix}");

    public string Owner { get; }

    public string App { get; }

    public static async Task<TestRoles> CreateAsync()
    {
        var roles = new TestRoles(Guid.NewGuid().ToString("N")[..10]);
        await TestServer.ExecuteAsync($"CREATE ROLE {roles.Owner} LOGIN PASSWORD '{Password}'; CREATE ROLE {roles.App} LOGIN PASSWORD '{Password}'");
        return roles;
    }

    /// <summary>Makes the owner own <paramref name="database"/>, and so its schema public (PostgreSQL 15 lets only the
    /// database's owner create in it).</summary>
    public Task OwnAsync(TestDatabase database) => TestServer.ExecuteAsync($"ALTER DATABASE \"{database.Name}\" OWNER TO {Owner}");

    /// <summary><paramref name="database"/>'s connection string signed in as <paramref name="role"/>.</summary>
    public string Url(TestDatabase database, string role) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = Password }.ConnectionString;

    public async Task AsOwnerAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(Url(database, Owner));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestServer.ExecuteAsync($"DROP ROLE IF EXISTS {App}; DROP ROLE IF EXISTS {Owner}");
    }
}
