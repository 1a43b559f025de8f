using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Hosting;

/// <summary>
/// Behind a real PgBouncer in transaction pooling mode, where a session advisory lock guards nothing: migrations go
/// through MIGRATION_DATABASE_URL (direct) and serving through DATABASE_URL (the pooler); without a direct URL,
/// migrating is refused rather than done unguarded.
/// </summary>
public sealed class PoolerTests
{
    [Fact]
    public async Task ConcurrentStartsAndUpgrades_ServingThroughThePooler_WithADirectMigrationUrl_ApplyEachMigrationOnce()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        var pooled = TestPooler.Through(database);
        var settings = new[] { ("DATABASE_URL", pooled), ("MIGRATION_DATABASE_URL", database.ConnectionString) };
        var applied = new ConcurrentBag<string>();

        var starts = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var run = await TestEngine.StartupAsync(TestSettings.With(settings));
            foreach (var step in run?.Steps ?? [])
            {
                applied.Add(step.Id);
            }
        }));
        var upgrades = Enumerable.Range(0, 4).Select(_ => ApiProcess.RunAsync(["db", "upgrade"], TimeSpan.FromSeconds(60),
            [.. settings.Select(s => (s.Item1, (string?)s.Item2))]));
        await Task.WhenAll(starts);
        var exits = await Task.WhenAll(upgrades);

        Assert.All(exits, e => Assert.Equal(0, e.Code));
        var fromVerbs = exits.SelectMany(e => e.Output.Split('\n')).Where(l => l.StartsWith("  Applied ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[3]);
        Assert.Equal(Revisions.All, applied.Concat(fromVerbs).Order(StringComparer.Ordinal));
        Assert.Equal(Revisions.All, await database.AppliedAsync());
    }

    [Fact]
    public async Task MigratingThroughThePooler_WithoutADirectUrl_IsRefusedNamingTheFix_AndChangesNothing()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        var pooled = TestPooler.Through(database);

        var start = await Assert.ThrowsAsync<MigrationStateException>(() =>
            TestEngine.StartupAsync(TestSettings.With(("DATABASE_URL", pooled))));
        var verb = await ApiProcess.RunAsync(["db", "upgrade"], TimeSpan.FromSeconds(60), ("DATABASE_URL", pooled));

        const string refusal = "The migration lock cannot hold on this connection: it goes through a transaction-pooling proxy";
        Assert.StartsWith(refusal, start.Message, StringComparison.Ordinal);
        Assert.Equal(1, verb.Code);
        Assert.Contains($"error: {refusal}", verb.Output, StringComparison.Ordinal);
        Assert.Contains("Set MIGRATION_DATABASE_URL to a direct connection to PostgreSQL", verb.Output, StringComparison.Ordinal);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task TheApi_ServesThroughThePooler()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var api = new ApiHost(TestPooler.Through(database), ("MIGRATION_DATABASE_URL", database.ConnectionString));
        using var client = await api.ClientAsync();

        var created = await client.PostAsJsonAsync("/leitos", new { numero_leito = "UTI-01", tipo = "UTI", status = "Livre" });
        var listed = await client.GetStringAsync("/leitos");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("\"numero_leito\":\"UTI-01\"", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
