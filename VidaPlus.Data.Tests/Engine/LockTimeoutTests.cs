using System.Diagnostics;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>
/// A migration that needs a table another transaction is using waits at most lock_timeout per try, so the queries
/// that queue behind its lock request wait no longer either; after its retries it fails, saying where it waited.
/// </summary>
public sealed class LockTimeoutTests
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task UpgradeBlockedByALongTransaction_GivesUpInBoundedTime_AndNeverBlocksReadersLongerThanTheTimeout()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.AddEstoquesAndLeitos);
        // A long transaction that has read leitos: it holds ACCESS SHARE until it ends.
        await using var longTransaction = await database.OpenAsync();
        await using var holder = await longTransaction.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM leitos", longTransaction, holder))
        {
            await read.ExecuteScalarAsync();
        }
        await using var db = database.NewContext();
        var service = TestEngine.Service(db, LockWaitOptions.Default with { LockTimeout = LockTimeout, LockRetries = 2 });

        var clock = Stopwatch.StartNew();
        var upgrade = service.UpgradeAsync("head");
        // A reader arriving while the migration waits for its ACCESS EXCLUSIVE lock queues behind it.
        // This database's locks only: databases copied from one template share their tables' OIDs.
        await database.WaitUntilAsync("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'leitos'::regclass " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
            "the migration never queued for its lock on leitos");
        var readerWait = await TimeReaderAsync(database);
        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => upgrade);
        var elapsed = clock.Elapsed;

        Assert.True(readerWait < LockTimeout + TimeSpan.FromMilliseconds(500), $"A reader waited {readerWait.TotalMilliseconds:0} ms behind the migration.");
        // 3 tries of 1 s, pauses of 0.5 and 1 s between them.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15));
        Assert.Equal(Revisions.MakeLeitoPacienteOptional, error.Migration);
        Assert.Contains("Gave up after 3 tries, each waiting 1 s for a lock on leitos (canceling statement due to lock timeout)",
            error.Message, StringComparison.Ordinal);
        Assert.Equal([Revisions.InitialSchema, Revisions.AddEstoquesAndLeitos], await database.AppliedAsync());

        await holder.RollbackAsync();
        await service.UpgradeAsync("head");
        Assert.Equal(Revisions.All, await database.AppliedAsync());
    }

    private static async Task<TimeSpan> TimeReaderAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using var read = new NpgsqlCommand("SELECT count(*) FROM leitos", connection);
        await read.ExecuteScalarAsync();
        return clock.Elapsed;
    }
}
