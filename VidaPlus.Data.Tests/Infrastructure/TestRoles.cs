using Npgsql;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// Two login roles of a test's own on the test server (roles are the server's, not a database's), an owner that
/// migrates and an app role that serves, and an empty database the owner owns (and so its schema public: PostgreSQL
/// 15 lets only the database's owner create in it). Disposed database first, then the roles.
/// </summary>
internal sealed class TestRoles : IAsyncDisposable
{
    public const string Password = "role-test-password";

    private TestRoles(string suffix, TestDatabase database) => (Owner, App, Database) = ($"vp_owner_{suffix}", $"vp_app_{suffix}", database);

    public string Owner { get; }

    public string App { get; }

    public TestDatabase Database { get; }

    /// <summary>The database's connection string, signed in as the owner.</summary>
    public string OwnerUrl => Url(Owner);

    /// <summary>The database's connection string, signed in as the app role.</summary>
    public string AppUrl => Url(App);

    public static async Task<TestRoles> CreateAsync()
    {
        var roles = new TestRoles(Guid.NewGuid().ToString("N")[..10], await TestDatabase.CreateAtAsync(Revisions.Base));
        await TestServer.ExecuteAsync($"CREATE ROLE {roles.Owner} LOGIN PASSWORD '{Password}'; CREATE ROLE {roles.App} LOGIN PASSWORD '{Password}'; " +
            $"ALTER DATABASE \"{roles.Database.Name}\" OWNER TO {roles.Owner}");
        return roles;
    }

    public async Task AsOwnerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(OwnerUrl);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Database.DisposeAsync();
        await TestServer.ExecuteAsync($"DROP ROLE IF EXISTS {App}; DROP ROLE IF EXISTS {Owner}");
    }

    private string Url(string role) =>
        new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Username = role, Password = Password }.ConnectionString;
}
