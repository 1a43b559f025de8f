using System.Diagnostics;
using Npgsql;
using VidaPlus.Api.Commands;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Telemetry;

/// <summary>
/// The spans a migration run reports: one for the verb, the lock wait naming the holder, one per migration with its
/// class and outcome, a span per lock-timeout retry, and a failure marked as one.
/// </summary>
public sealed class EngineSpansTests
{
    [Fact]
    public async Task DbUpgrade_IsOneSpan_WithTheLockWaitNamingTheHolder_AndAChildPerMigration()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);
        using var spans = new SpanLog();
        await using var holder = await database.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLocker.Key})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var upgrade = DbCommand.RunAsync(["db", "upgrade", "--database-url", database.ConnectionString], output, error);
        // Its first poll failed and it asked who holds the lock (the span's tag): then the lock may go.
        await database.WaitUntilAsync(
            $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = '{database.Name}' AND query LIKE '%FROM pg_locks l JOIN%' AND pid <> pg_backend_pid())",
            "the upgrade asking who holds the lock");
        var holderPid = holder.ProcessID;
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLocker.Key})", holder))
        {
            await release.ExecuteNonQueryAsync();
        }
        Assert.True(await upgrade == 0, error.ToString());

        var trace = spans.Of(database.Name);
        var verb = Assert.Single(trace, s => s.DisplayName == "db upgrade");
        var lockWait = Assert.Single(trace, s => s.DisplayName == "migration lock");
        var migrations = trace.Where(s => s.DisplayName.StartsWith("migration 2", StringComparison.Ordinal)).ToList();
        Assert.Null(verb.Parent);
        Assert.Equal(database.Name, verb.GetTagItem("db.namespace"));
        Assert.All(trace.Where(s => s != verb), s => Assert.Equal(verb.TraceId, s.TraceId));
        Assert.StartsWith($"pid {holderPid} ", lockWait.GetTagItem("vidaplus.lock.holder") as string, StringComparison.Ordinal);
        Assert.True(migrations.Select(m => m.GetTagItem("vidaplus.migration.id")).SequenceEqual(
            [Revisions.AddEstoquesAndLeitos, Revisions.MakeLeitoPacienteOptional, Revisions.Head]), SpanLog.Describe(trace));
        Assert.All(migrations, m =>
        {
            Assert.Equal(("up", "applied", ActivityStatusCode.Unset), (m.GetTagItem("vidaplus.migration.direction"), m.GetTagItem("vidaplus.migration.outcome"), m.Status));
            Assert.Contains(m.GetTagItem("vidaplus.migration.class") as string, new[] { "expand", "contract" });
        });
    }

    [Fact]
    public async Task ALockTimeout_IsARetrySpan_AndTheMigrationThatGivesUp_IsAFailedSpan()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.AddEstoquesAndLeitos);
        using var spans = new SpanLog();
        // A reader holding leitos: MakeLeitoPacienteOptional's ALTER TABLE times out behind it, every try.
        await using var reader = await database.OpenAsync();
        await using var transaction = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM leitos", reader, transaction))
        {
            await read.ExecuteScalarAsync();
        }
        await using var db = database.NewContext();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            TestEngine.Service(db, LockWaitOptions.Default with { LockRetries = 1 }).UpgradeAsync(Revisions.MakeLeitoPacienteOptional));

        var trace = spans.Of(database.Name);
        var migration = Assert.Single(trace, s => s.DisplayName == $"migration {Revisions.MakeLeitoPacienteOptional}");
        var retry = Assert.Single(trace, s => s.DisplayName == "lock timeout retry");
        Assert.Equal(migration.SpanId, retry.ParentSpanId);
        Assert.Equal(("leitos", 2), (retry.GetTagItem("vidaplus.lock.tables"), retry.GetTagItem("vidaplus.retry.attempt")));
        Assert.Equal((ActivityStatusCode.Error, "failed"), (migration.Status, migration.GetTagItem("vidaplus.migration.outcome")));
        Assert.Equal(failure.Message.ReplaceLineEndings(" "), migration.StatusDescription);
    }
}
