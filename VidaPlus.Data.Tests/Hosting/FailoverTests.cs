using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VidaPlus.Api.Commands;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;
using Xunit.Abstractions;

namespace VidaPlus.Data.Tests.Hosting;

/// <summary>
/// A primary and a streaming standby (<see cref="TestReplicaSet"/>): the API on a multi-host URL keeps answering
/// through the primary's crash and the standby's promotion, 503 with Retry-After and never 500, every acknowledged
/// write on the new primary; and a migration pointed at the standby is refused before it writes anything.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThroughACrashAndAPromotion_TheApiAnswers503NeverA500_AndKeepsEveryAcknowledgedWrite()
    {
        using var pair = TestReplicaSet.Start();
        Assert.Equal(0, await DbAsync("upgrade", "--database-url", pair.Url(pair.PrimaryPort)));
        await using var api = new ApiHost(pair.FailoverUrl);
        using var client = await api.ClientAsync();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var acknowledged = new ConcurrentBag<int>();
        var withoutRetryAfter = 0;
        long promotedAt = 0, firstSuccessAfter = 0;
        using var stop = new CancellationTokenSource();

        var load = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var response = await client.PostAsJsonAsync("/leitos/", new { numero_leito = $"F{i}", tipo = "UTI", status = "Livre" });
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32());
                    if (Interlocked.Read(ref promotedAt) != 0)
                    {
                        Interlocked.CompareExchange(ref firstSuccessAfter, Stopwatch.GetTimestamp(), 0);
                    }
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null)
                {
                    Interlocked.Increment(ref withoutRetryAfter);
                }
                using var read = await client.GetAsync("/leitos/");
                statuses.AddOrUpdate(read.StatusCode, 1, (_, n) => n + 1);
            }
        });
        await WaitForAsync(() => acknowledged.Count >= 20, "writes before the crash");
        pair.KillPrimary();
        // The gap an operator's failover tooling leaves before it promotes.
        await Task.Delay(TimeSpan.FromSeconds(3));
        pair.Promote();
        Interlocked.Exchange(ref promotedAt, Stopwatch.GetTimestamp());
        await WaitForAsync(() => Interlocked.Read(ref firstSuccessAfter) != 0, "a write after the promotion");
        var before = acknowledged.Count;
        await WaitForAsync(() => acknowledged.Count >= before + 20, "writes on the new primary");
        await stop.CancelAsync();
        await load;

        output.WriteLine($"Statuses: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"))}; first write " +
            $"{Stopwatch.GetElapsedTime(promotedAt, firstSuccessAfter).TotalSeconds:0.00} s after the promotion.");
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses.Keys);
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.ServiceUnavailable) > 0, "the primary's crash went unseen");
        Assert.Equal(0, withoutRetryAfter);
        await using var promoted = new NpgsqlConnection(DatabaseUrl.Parse(pair.Url(pair.StandbyPort)).ConnectionString);
        await promoted.OpenAsync();
        await using var ids = new NpgsqlCommand("SELECT array_agg(id) FROM leitos", promoted);
        var kept = ((int[])(await ids.ExecuteScalarAsync())!).ToHashSet();
        Assert.DoesNotContain(acknowledged, id => !kept.Contains(id));
    }

    [Fact]
    public async Task AMigrationTheCrashInterrupts_NamesIt_AndTheNewPrimaryIsAtTheLastCommittedOne_WhereUpgradeFinishesUnderItsLock()
    {
        using var pair = TestReplicaSet.Start();
        Assert.Equal(0, await DbAsync("upgrade", Revisions.AddEstoquesAndLeitos, "--database-url", pair.Url(pair.PrimaryPort)));
        var primary = DatabaseUrl.Parse(pair.Url(pair.PrimaryPort)).ConnectionString;
        // A long report on leitos: MakeLeitoPacienteOptional's ALTER TABLE waits behind it when the primary dies.
        await using var reader = new NpgsqlConnection(primary);
        await reader.OpenAsync();
        await using var transaction = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM leitos", reader, transaction))
        {
            await read.ExecuteScalarAsync();
        }
        await using var db = new VidaPlusDbContext(VidaPlusDbContextOptions.For(primary));
        var upgrade = TestEngine.Service(db, LockWaitOptions.Default with { LockTimeout = TimeSpan.FromSeconds(60) }).UpgradeAsync("head");
        await using (var watcher = new NpgsqlConnection(primary))
        {
            await watcher.OpenAsync();
            await using var waiting = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%ALTER TABLE leitos%')", watcher);
            await WaitForAsync(() => (bool)waiting.ExecuteScalar()!, "the migration waiting for its lock");
        }

        pair.KillPrimary();
        var interrupted = await Assert.ThrowsAnyAsync<Exception>(() => upgrade);
        pair.Promote();

        Assert.Contains($"Migration {Revisions.MakeLeitoPacienteOptional} failed", interrupted.Message, StringComparison.Ordinal);
        var failover = DatabaseUrl.Parse(pair.FailoverUrl).ConnectionString;
        await using var promoted = new VidaPlusDbContext(VidaPlusDbContextOptions.For(failover));
        var services = TestEngine.Services(promoted);
        var service = services.GetRequiredService<MigrationService>();
        Assert.Equal(Revisions.AddEstoquesAndLeitos, (await service.ReadStateAsync()).Current);
        // The lock is the new primary's: a second migrator holding it there keeps the rerun from running beside it.
        await using var second = new NpgsqlConnection(failover);
        await second.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLocker.Key})", second))
        {
            await take.ExecuteNonQueryAsync();
        }
        var rerun = service.UpgradeAsync("head");
        var progress = services.GetRequiredService<MigrationProgress>();
        await WaitForAsync(() => progress.Activity?.StartsWith($"waiting for the migration lock held by pid {second.ProcessID}", StringComparison.Ordinal) == true,
            "the rerun waiting for the lock the second migrator holds on the new primary");
        await using (var state = new VidaPlusDbContext(VidaPlusDbContextOptions.For(failover)))
        {
            Assert.Equal(Revisions.AddEstoquesAndLeitos, (await TestEngine.Service(state).ReadStateAsync()).Current);
        }
        // Released as the second migrator does when it is done (a pooled connection's close would keep it).
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLocker.Key})", second))
        {
            await release.ExecuteNonQueryAsync();
        }
        await rerun;
        Assert.Empty(await service.CheckAsync());
    }

    [Fact]
    public async Task AMigrationPointedAtTheStandby_IsRefusedInOneLine_AndWritesNothing()
    {
        using var pair = TestReplicaSet.Start();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await DbCommand.RunAsync(["db", "upgrade", "--database-url", pair.Url(pair.StandbyPort)], output, error);

        Assert.Equal(1, exit);
        Assert.Equal($"error: The database 127.0.0.1:{pair.StandbyPort}/vidaplus is a read-only server (a standby): point MIGRATION_DATABASE_URL " +
            "at the primary (or add target_session_attrs=read-write to a multi-host URL). Nothing was written.\n", error.ToString());
        await using var primary = new NpgsqlConnection(DatabaseUrl.Parse(pair.Url(pair.PrimaryPort)).ConnectionString);
        await primary.OpenAsync();
        await using var history = new NpgsqlCommand("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NULL", primary);
        Assert.True((bool)(await history.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AnApiOnTheStandbyAlone_IsNotReady_ReadsStill_AndAWriteIsA503SayingSo()
    {
        using var pair = TestReplicaSet.Start();
        Assert.Equal(0, await DbAsync("upgrade", "--database-url", pair.Url(pair.PrimaryPort)));
        await using var api = new ApiHost(pair.Url(pair.StandbyPort), ("MIGRATE_ON_STARTUP", "false"));
        using var client = await api.AnonymousClientAsync();
        // The test's superuser is written on the primary; the standby serves it once replayed.
        await api.AuthorizeAsync(client, pair.Url(pair.PrimaryPort));
        await WaitForAsync(() => client.GetAsync("/leitos/").Result.StatusCode == HttpStatusCode.OK, "the primary's writes replayed on the standby");

        var ready = await client.GetAsync("/health/ready");
        var write = await client.PostAsJsonAsync("/leitos/", new { numero_leito = "UTI-01", tipo = "UTI", status = "Livre" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("The database is read-only (a standby)", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.NotNull(write.Headers.RetryAfter);
        Assert.Contains("The database is read-only (a standby)", await write.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // `user add` there says the server's reason, not EF Core's "see the inner exception".
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(1, await DbCommand.RunAsync(["user", "add", "--email", "ana@vidaplus.test", "--nome", "Ana",
            "--database-url", pair.Url(pair.StandbyPort)], output, error, new StringReader("a-long-enough-password\n")));
        Assert.Equal("error: 25006: cannot execute INSERT in a read-only transaction\n", error.ToString());
    }

    private static async Task<int> DbAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        return await DbCommand.RunAsync(["db", .. args], output, error);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"After 60 s, no {what}.");
            await Task.Delay(20);
        }
    }
}
