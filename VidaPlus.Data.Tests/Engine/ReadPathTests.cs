using System.Net;
using VidaPlus.Api.Commands;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>
/// Where the database stands is read the cheap way wherever it is read (readiness, /db/status, the read verbs): one
/// statement (the head check's) and no EF Core history read, once a path that migrates has remembered this build.
/// And reading never writes: only startup and `db upgrade` remember.
/// </summary>
[Collection(NpgsqlSpansCollection.Name)]
public sealed class ReadPathTests
{
    private const string HeadQuery = "SELECT h.\"MigrationId\", r.checksum, v.digest";

    [Fact]
    public async Task AtARememberedHead_ReadStateReadinessStatusAndReadVerbs_TakeTheOneQueryPath()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        Assert.Equal(Revisions.Head, await TestEngine.CleanHeadAsync(database.ConnectionString, remember: true));
        using var log = new StatementLog(database.Name);

        await using (var db = database.NewContext())
        {
            var state = await TestEngine.Service(db).ReadStateAsync();
            Assert.True(state.AtHead);
            AssertOneQueryPath(log.Take(), "MigrationService.ReadStateAsync", only: true);
        }

        foreach (var verb in new[] { "current", "history", "pending" })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(0, await DbCommand.RunAsync(["db", verb, "--database-url", database.ConnectionString], output, error));
            AssertOneQueryPath(log.Take(), $"db {verb}", only: verb == "current");
        }

        await using var api = new ApiHost(database.ConnectionString);
        using var client = await api.ClientAsync();
        using var probe = await api.AnonymousClientAsync();
        log.Take();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);
        AssertOneQueryPath(log.Take(), "GET /health/ready", only: true);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/db/status")).StatusCode);
        AssertOneQueryPath(log.Take(), "GET /db/status", only: false);
    }

    [Fact]
    public async Task ReadsNeverRememberABuild_StartupAndUpgradeDo()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        const string remembered = $"SELECT to_regclass('{EngineTables.VerifiedBuilds}') IS NOT NULL";

        await using (var db = database.NewContext())
        {
            Assert.True((await TestEngine.Service(db).ReadStateAsync()).AtHead);
        }
        foreach (var verb in new[] { "current", "history", "pending", "check" })
        {
            Assert.Equal(0, await DbCommand.RunAsync(["db", verb, "--database-url", database.ConnectionString], TextWriter.Null, TextWriter.Null));
        }
        await using (var api = new ApiHost(database.ConnectionString, ("MIGRATE_ON_STARTUP", "false")))
        {
            using var client = await api.ClientAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/db/status")).StatusCode);
        }
        Assert.False(await database.ScalarAsync<bool>(remembered), "a read path created the verified-builds table");

        Assert.Equal(0, await DbCommand.RunAsync(["db", "upgrade", "--database-url", database.ConnectionString], TextWriter.Null, TextWriter.Null));
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM {EngineTables.VerifiedBuilds}"));
        await database.ExecuteAsync($"DROP TABLE {EngineTables.VerifiedBuilds}");
        await using (var api = new ApiHost(database.ConnectionString))
        {
            using var client = await api.ClientAsync();
        }
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM {EngineTables.VerifiedBuilds}"));
    }

    // The head check's one query, once; never EF Core's read of the history (the full path); with `only`, nothing else.
    private static void AssertOneQueryPath(IReadOnlyList<string> sent, string path, bool only)
    {
        // The API's heartbeat (ServingHeartbeat) writes on its own schedule, whatever request is being served.
        var statements = sent.Where(s => !s.Contains(EngineTables.Builds, StringComparison.Ordinal)).ToList();
        var shown = $"{path} sent:\n  {string.Join("\n  ", statements.Select(s => s.ReplaceLineEndings(" ")))}";
        Assert.True(statements.Count(s => s.TrimStart().StartsWith(HeadQuery, StringComparison.Ordinal)) == 1, shown);
        Assert.False(statements.Any(s => s.Contains("__EFMigrationsHistory", StringComparison.Ordinal)
            && !s.TrimStart().StartsWith(HeadQuery, StringComparison.Ordinal)), shown);
        Assert.True(!only || statements.Count == 1, shown);
    }
}
