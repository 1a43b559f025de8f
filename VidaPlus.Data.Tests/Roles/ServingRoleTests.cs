using System.Net;
using System.Net.Http.Json;
using Npgsql;
using VidaPlus.Api.Commands;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Roles;

/// <summary>
/// Two real roles, as production runs them: an owner that migrates (MIGRATION_DATABASE_URL) and a serving role given
/// only what `db grant` gives (DATABASE_URL). Tables a later migration adds reach the serving role; it cannot change
/// the schema; its head check works without writing; and `db check` sees a right it lacks.
/// </summary>
public sealed class ServingRoleTests
{
    [Fact]
    public async Task TheOwnerMigrates_TheAppServesWhatLaterMigrationsAdd_AndCannotChangeTheSchema()
    {
        await using var roles = await TestRoles.CreateAsync();
        var (owner, app) = (roles.OwnerUrl, roles.AppUrl);

        Assert.Equal(0, (await DbAsync("upgrade", Revisions.InitialSchema, "--database-url", owner)).Exit);
        var granted = await DbAsync("grant", roles.App, "--database-url", owner);
        Assert.Equal(0, granted.Exit);
        Assert.Equal(0, (await DbAsync("grant", roles.App, "--database-url", owner)).Exit);
        // estoques and leitos are made after the grant, by the owner: the default privileges reach them.
        Assert.Equal(0, (await DbAsync("upgrade", "--database-url", owner)).Exit);

        await using (var api = new ApiHost(app, ("MIGRATION_DATABASE_URL", owner)))
        {
            using var client = await api.ClientAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            var created = await client.PostAsJsonAsync("/leitos/", new { numero_leito = "UTI-01", tipo = "UTI", status = "Livre" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.DoesNotContain(api.Logs, l => l.Contains("could change the schema", StringComparison.Ordinal));

            // A DBA's revoke: the request is a 503 that says why, and readiness names the right until it is granted again.
            await roles.AsOwnerAsync($"REVOKE SELECT ON leitos FROM {roles.App}");
            var refused = await client.GetAsync("/leitos/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("lacks a right this request needs", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains($"The serving role {roles.App} lacks SELECT on leitos", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, (await DbAsync("grant", roles.App, "--database-url", owner)).Exit);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/leitos/")).StatusCode);
        }
        await using (var asApp = new NpgsqlConnection(app))
        {
            await asApp.OpenAsync();
            foreach (var ddl in new[] { "DROP TABLE leitos", "ALTER TABLE leitos ADD COLUMN x integer", "CREATE TABLE x (id integer)" })
            {
                await using var command = new NpgsqlCommand(ddl, asApp);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
                Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{ddl}: {refused.SqlState} {refused.MessageText}");
            }
        }
        await using var db = new VidaPlusDbContext(VidaPlusDbContextOptions.For(owner));
        Assert.Empty(await TestEngine.Service(db).CheckAsync(servingRole: roles.App));
    }

    [Fact]
    public async Task TheOwnerRunningTheApi_IsWarnedThatItCouldChangeTheSchema()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);

        await using var api = new ApiHost(database.ConnectionString);
        using var client = await api.AnonymousClientAsync();

        Assert.Single(api.Logs, l => l.StartsWith("Warning: DATABASE_URL's role", StringComparison.Ordinal)
            && l.Contains("is a superuser, owns the tables, may create in schema public: the API could change the schema", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DbCheck_NamesTheRightsTheServingRoleLacks()
    {
        await using var roles = await TestRoles.CreateAsync();
        var owner = roles.OwnerUrl;
        Assert.Equal(0, (await DbAsync("upgrade", "--database-url", owner)).Exit);
        Assert.Equal(0, (await DbAsync("grant", roles.App, "--database-url", owner)).Exit);
        await using var db = new VidaPlusDbContext(VidaPlusDbContextOptions.For(owner));
        await roles.AsOwnerAsync($"REVOKE INSERT, DELETE ON leitos FROM {roles.App}");

        var problems = await TestEngine.Service(db).CheckAsync(servingRole: roles.App);

        Assert.Equal([("serving-role", $"The serving role {roles.App} (DATABASE_URL's) lacks DELETE on leitos, INSERT on leitos: the API's requests " +
            $"on them fail. Run `db grant {roles.App}` as the role that migrates.")], problems.Select(p => (p.Code, p.Message)));
        Assert.Equal([("serving-role", "The serving role nobody_here (DATABASE_URL's) does not exist on this server.")],
            (await TestEngine.Service(db).CheckAsync(servingRole: "nobody_here")).Select(p => (p.Code, p.Message)));
    }

    [Fact]
    public async Task TheGrantsAsAScript_RunByPsqlAsTheOwner_GiveTheServingRoleAllItNeeds()
    {
        await using var roles = await TestRoles.CreateAsync();
        var owner = roles.OwnerUrl;
        Assert.Equal(0, (await DbAsync("upgrade", "--database-url", owner)).Exit);
        await using var db = new VidaPlusDbContext(VidaPlusDbContextOptions.For(owner));
        Assert.Single(await TestEngine.Service(db).CheckAsync(servingRole: roles.App), p => p.Code == "serving-role");

        var script = await DbAsync("grant", roles.App, "--script");
        var (exit, output) = await Psql.RunAsync(owner, script.Output);

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("CREATE", script.Output.Replace("CREATE ROLE", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(await TestEngine.Service(db).CheckAsync(servingRole: roles.App));
    }

    [Fact]
    public async Task TheServingRole_ChecksTheHeadWithoutWritingOrAnError_AndCannotMigrate_WhichNamesTheSetting()
    {
        await using var roles = await TestRoles.CreateAsync();
        var (database, owner, app) = (roles.Database, roles.OwnerUrl, roles.AppUrl);
        Assert.Equal(0, (await DbAsync("upgrade", Revisions.MakeLeitoPacienteOptional, "--database-url", owner)).Exit);
        Assert.Equal(0, (await DbAsync("grant", roles.App, "--database-url", owner)).Exit);

        // Migrating as the serving role: refused by PostgreSQL, and the message says which setting to change.
        await using (var asApp = new VidaPlusDbContext(VidaPlusDbContextOptions.For(app)))
        {
            var failed = await Assert.ThrowsAnyAsync<Exception>(() => TestEngine.Service(asApp).UpgradeAsync("head"));
            Assert.Contains("42501", failed.Message, StringComparison.Ordinal);
            Assert.Contains("point MIGRATION_DATABASE_URL at the role that owns it", failed.Message, StringComparison.Ordinal);
        }
        Assert.Equal(0, (await DbAsync("upgrade", "--database-url", owner)).Exit);

        // At head, nothing remembered yet: the serving role may not create the table, so it answers without writing,
        // and without an error (the check asks first: an error would have been thrown here).
        Assert.Equal(Revisions.Head, await TestEngine.CleanHeadAsync(app, remember: true));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('__vidaplus_verified_builds') IS NOT NULL"));
        Assert.Equal(Revisions.Head, await TestEngine.CleanHeadAsync(owner, remember: true));
        Assert.True(await database.ScalarAsync<bool>("SELECT to_regclass('__vidaplus_verified_builds') IS NOT NULL"));
        Assert.Equal(Revisions.Head, await TestEngine.CleanHeadAsync(app, remember: true));
    }

    private static async Task<(int Exit, string Output)> DbAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DbCommand.RunAsync(["db", .. args], output, error);
        return (exit, output.ToString() + error);
    }
}
