using System.Net;
using System.Text.Json;
using Npgsql;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Hosting;

/// <summary>The API's startup against real databases in each state it can meet.</summary>
public sealed class ApiStartupTests
{
    [Fact]
    public async Task EmptyDatabase_IsMigratedBeforeServing_AndStatusTellsIt()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var api = new ApiHost(database.ConnectionString);
        using var client = await api.ClientAsync();

        var ready = await client.GetAsync("/health/ready");
        var status = JsonDocument.Parse(await client.GetStringAsync("/db/status")).RootElement;

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(Revisions.All, await database.AppliedAsync());
        var address = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        Assert.Equal((address.Host, address.Port, database.Name),
            (status.GetProperty("database").GetProperty("host").GetString(), status.GetProperty("database").GetProperty("port").GetInt32(),
             status.GetProperty("database").GetProperty("name").GetString()));
        Assert.Equal((Revisions.Head, Revisions.Head), (status.GetProperty("current").GetString(), status.GetProperty("head").GetString()));
        Assert.Equal(Revisions.All, status.GetProperty("applied").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(status.GetProperty("pending").EnumerateArray());
        Assert.Contains(api.Logs, l => l.Contains($"Applied {Revisions.InitialSchema} in ", StringComparison.Ordinal));
        Assert.Contains(api.Logs, l => l.Contains($"from base to {Revisions.Head}", StringComparison.Ordinal));
        AssertNoPassword(database, api, await ready.Content.ReadAsStringAsync(), status.GetRawText());
    }

    [Fact]
    public async Task MigrationsWithoutARecord_AreWarnedAtStartup_AndListedInStatus()
    {
        // As a build older than the records left it.
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync($"DROP TABLE {VidaPlus.Data.Integrity.MigrationRecords.TableName}");
        await using var api = new ApiHost(database.ConnectionString);
        using var client = await api.ClientAsync();

        var status = JsonDocument.Parse(await client.GetStringAsync("/db/status")).RootElement;

        Assert.Equal(Revisions.All, status.GetProperty("unrecorded").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(api.Logs, l => l.StartsWith("Warning: ", StringComparison.Ordinal)
            && l.Contains($"applied migration(s) {string.Join(", ", Revisions.All)} have no VidaPlus record", StringComparison.Ordinal)
            && l.Contains("run `db stamp --record-only`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MigrationOff_WithPendingMigrations_StartsButIsNotReady_AndChangesNothing()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);
        await using var api = new ApiHost(database.ConnectionString, ("MIGRATE_ON_STARTUP", "false"));
        using var client = await api.ClientAsync();

        var ready = await client.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains($"Pending migrations: {Revisions.AddEstoquesAndLeitos}, {Revisions.MakeLeitoPacienteOptional}", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        // A route on a table the pending migrations make: unavailable for now, not an error of the server's.
        var leitos = await client.GetAsync("/leitos/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, leitos.StatusCode);
        Assert.NotNull(leitos.Headers.RetryAfter);
        Assert.Contains("The database schema is behind this build (migrations pending: run `db upgrade`)",
            await leitos.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([Revisions.InitialSchema], await database.AppliedAsync());
        AssertNoPassword(database, api, body);
    }

    [Fact]
    public async Task ReadinessIsLoggedWhenItChanges_NotOnEveryProbe()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);
        await using var api = new ApiHost(database.ConnectionString, ("MIGRATE_ON_STARTUP", "false"));
        using var client = await api.AnonymousClientAsync();

        for (var probe = 0; probe < 3; probe++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        }
        await database.MigrateToAsync(Revisions.Head);
        for (var probe = 0; probe < 3; probe++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }

        // The health-check service's own "Health check ... completed ... Unhealthy" error, once per probe, is not among them.
        var readiness = api.Logs.Where(line => line.Contains(": Not ready:", StringComparison.Ordinal)
            || line.Contains(": Ready again:", StringComparison.Ordinal) || line.Contains("Health check", StringComparison.Ordinal)).ToList();
        Assert.True(readiness.Count == 2, $"Expected one line as readiness is lost and one as it returns, got:\n{string.Join("\n", readiness)}");
        Assert.StartsWith($"Warning: Not ready: Pending migrations: {Revisions.AddEstoquesAndLeitos}", readiness[0], StringComparison.Ordinal);
        Assert.StartsWith("Information: Ready again: Schema at head", readiness[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMigrationInTheDatabase_RefusesToStart_NamingIt()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '10.0.15')");

        var exit = await ApiProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60), ("DATABASE_URL", database.ConnectionString));

        Assert.Equal(1, exit.Code);
        Assert.Contains("Cannot start: Can't locate revision 29991231000000_FromTheFuture", exit.Output, StringComparison.Ordinal);
        Assert.Equal([.. Revisions.All, "29991231000000_FromTheFuture"], await database.AppliedAsync());
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!, exit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingMigration_ExitsNamingItAndTheDatabaseError_AndKeepsTheLastCommittedRevision()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);
        await database.ExecuteAsync("CREATE TABLE estoques (id int)");

        var exit = await ApiProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60), ("DATABASE_URL", database.ConnectionString));

        Assert.Equal(1, exit.Code);
        Assert.Contains($"Cannot start: Migration {Revisions.AddEstoquesAndLeitos} failed and was rolled back; the database is at " +
            $"{Revisions.InitialSchema}. 42P07: relation \"estoques\" already exists", exit.Output, StringComparison.Ordinal);
        Assert.Equal([Revisions.InitialSchema], await database.AppliedAsync());
        Assert.Null((await database.ReadSchemaAsync()).FindTable("leitos"));
    }

    [Fact]
    public async Task UnreachableDatabase_RetriesForTheConfiguredTime_ThenExitsWithOneClearLine()
    {
        var exit = await ApiProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60),
            ("DATABASE_URL", "postgresql://vida:TopSecret1@127.0.0.1:1/vidaplus"), ("DATABASE_WAIT_SECONDS", "5"));

        Assert.Equal(1, exit.Code);
        // Backoff 0.25, 0.5, 1, 2 s, then what is left of the 5 s counted from the first failure.
        Assert.InRange(exit.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(50));
        Assert.Contains("Database 127.0.0.1:1/vidaplus not reachable (attempt 4): Failed to connect to 127.0.0.1:1; retrying in 2000 ms",
            exit.Output, StringComparison.Ordinal);
        Assert.Single(exit.Output.Split('\n'), l => l.Contains("Cannot start: Database 127.0.0.1:1/vidaplus still unreachable after", StringComparison.Ordinal)
            && l.Contains("attempt(s) over 5", StringComparison.Ordinal));
        Assert.DoesNotContain("TopSecret1", exit.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Cannot start: SECRET_KEY is not set: the API signs and checks its tokens with it")]
    [InlineData("TopSecret1-but-short", "Cannot start: SECRET_KEY is too short: at least 32 bytes are needed")]
    public async Task MissingOrWeakSecretKey_ExitsWith2InOneLine_WithoutShowingIt(string key, string line)
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);

        var exit = await ApiProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60), ("DATABASE_URL", database.ConnectionString), ("SECRET_KEY", key));

        Assert.Equal(2, exit.Code);
        Assert.Single(exit.Output.Split('\n'), l => l.Contains(line, StringComparison.Ordinal));
        Assert.DoesNotContain("TopSecret1", exit.Output, StringComparison.Ordinal);
        Assert.Empty(await database.AppliedAsync());
    }

    [Theory]
    [InlineData(null, "Cannot start: DATABASE_URL is not set (looked in: the environment;")]
    [InlineData("postgresql://vida:TopSecret1@db:port/x", "Cannot start: DATABASE_URL from the environment is not a valid PostgreSQL URL or Npgsql connection string: port 'port'")]
    public async Task MissingOrMalformedDatabaseUrl_ExitsWith2AndTheSameMessageAsTheDbCommands(string? value, string line)
    {
        var exit = await ApiProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60), ("DATABASE_URL", value));

        Assert.Equal(2, exit.Code);
        Assert.Contains(line, exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecret1", exit.Output, StringComparison.Ordinal);
    }

    private static void AssertNoPassword(TestDatabase database, ApiHost api, params string[] responses)
    {
        var password = new NpgsqlConnectionStringBuilder(database.ConnectionString).Password!;
        Assert.DoesNotContain(api.Logs, l => l.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(responses, r => r.Contains(password, StringComparison.Ordinal));
    }
}
