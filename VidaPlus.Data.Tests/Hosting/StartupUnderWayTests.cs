using System.Net;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Hosting;

/// <summary>
/// While the API waits for the migration lock or migrates, an orchestrator can tell busy from hung: live answers,
/// ready says what is going on, everything else is 503. The wait is bounded and names who holds the lock; a stop in
/// the middle rolls back and exits cleanly.
/// </summary>
public sealed class StartupUnderWayTests
{
    [Fact]
    public async Task WaitingForTheMigrationLock_IsLiveNotReady_NamesTheHolder_ThenMigratesOnceItIsFree()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var holder = await HoldMigrationLockAsync(database);
        await using var api = new ApiHost(database.ConnectionString, ("MIGRATION_LOCK_WAIT", "60s"));
        using var client = api.CreateClient();

        var ready = await WaitForAsync(client, "/health/ready", body => body.Contains("waiting for the migration lock", StringComparison.Ordinal));
        var live = await client.GetAsync("/health/live");
        var leitos = await client.GetAsync("/leitos");

        Assert.Contains($"waiting for the migration lock held by pid {holder.ProcessID} (test-holder, idle) since ", ready, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, leitos.StatusCode);
        Assert.Equal("5", leitos.Headers.RetryAfter?.ToString());
        Assert.Contains(api.Logs, l => l.StartsWith("Warning: Waiting for the migration lock, held by pid", StringComparison.Ordinal));
        Assert.Empty(await database.AppliedAsync());

        await holder.CloseAsync();
        await WaitForAsync(client, "/health/ready", body => body.Contains("\"status\":\"Healthy\"", StringComparison.Ordinal));
        await api.AuthorizeAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/leitos")).StatusCode);
        Assert.Equal(Revisions.All, await database.AppliedAsync());
    }

    [Fact]
    public async Task TheWaitForTheLock_IsBounded_AndTheFailureNamesWhoHoldsIt_ForTheApiAndTheVerb()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var holder = await HoldMigrationLockAsync(database);
        (string, string?)[] settings = [("DATABASE_URL", database.ConnectionString), ("MIGRATION_LOCK_WAIT", "2s")];

        var api = await ApiProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60), settings);
        var verb = await ApiProcess.RunAsync(["db", "upgrade"], TimeSpan.FromSeconds(60), settings);

        var gaveUp = $"Gave up after 2 s waiting for the migration lock, held by pid {holder.ProcessID} (test-holder, idle) since ";
        Assert.True(api.Code == 1, $"exit {api.Code}:\n{api.Output}");
        Assert.True(api.Output.Contains($"Cannot start: {gaveUp}", StringComparison.Ordinal), api.Output);
        Assert.Equal(1, verb.Code);
        Assert.True(verb.Output.Contains($"error: {gaveUp}", StringComparison.Ordinal), verb.Output);
        Assert.Contains("warning: Waiting for the migration lock, held by pid", verb.Output, StringComparison.Ordinal);
        Assert.Empty(await database.AppliedAsync());
    }

    [Theory]
    [InlineData("TERM", false)]
    [InlineData("INT", true)]
    public async Task StoppedWhileAMigrationWaits_RollsBack_SaysWhereTheDatabaseIs_AndExitsWithoutAnAbort(string signal, bool verb)
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.AddEstoquesAndLeitos);
        // A long transaction that read leitos: MakeLeitoPacienteOptional's ALTER TABLE waits behind it.
        await using var reader = await database.OpenAsync();
        await using var transaction = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM leitos", reader, transaction))
        {
            await read.ExecuteScalarAsync();
        }
        string[] args = verb ? ["db", "upgrade"] : ["--urls", "http://127.0.0.1:0"];

        // Signalled once the migration's ALTER TABLE waits for its lock.
        var exit = await ApiProcess.RunAndSignalAsync(args, signal,
            async () => await database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%ALTER TABLE leitos%'") > 0,
            TimeSpan.FromSeconds(60), ("DATABASE_URL", database.ConnectionString), ("MIGRATION_LOCK_TIMEOUT", "60s"));

        var stopped = $"Stopped while migration {Revisions.MakeLeitoPacienteOptional} ran; it was rolled back, and the database is at {Revisions.AddEstoquesAndLeitos}.";
        Assert.True(exit.Code == 130, $"exit {exit.Code}:\n{exit.Output}");
        Assert.True(exit.Output.Contains(verb ? $"error: {stopped}" : $"Stopped during startup: {stopped}", StringComparison.Ordinal), exit.Output);
        Assert.DoesNotContain("Unhandled exception", exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exit.Output, StringComparison.Ordinal);
        await transaction.RollbackAsync();
        Assert.Equal([Revisions.InitialSchema, Revisions.AddEstoquesAndLeitos], await database.AppliedAsync());
    }

    // Another process holding the migration lock, named as such in pg_stat_activity.
    private static async Task<NpgsqlConnection> HoldMigrationLockAsync(TestDatabase database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "test-holder" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLocker.Key})", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<string> WaitForAsync(HttpClient client, string path, Func<string, bool> until)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var body = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
            if (until(body))
            {
                return body;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{path} never showed what was expected; last: {body}");
            await Task.Delay(100);
        }
    }
}
