using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>The wait for the migration lock, on the engine's clock: minutes of waiting checked in moments.</summary>
public sealed class MigrationLockTests
{
    [Fact]
    public async Task HeldElsewhere_WaitsTheWholeLimitOnTheClock_NamesTheHolder_ThenGivesUp()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var holder = await database.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLocker.Key})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }
        var time = new FakeTimeProvider();
        var progress = new MigrationProgress();
        var locker = new MigrationLocker(LockWaitOptions.Default, progress, time, NullLogger<MigrationLocker>.Instance);
        await using var connection = new NpgsqlConnection(database.ConnectionString);

        var acquiring = locker.AcquireAsync(connection, CancellationToken.None);
        // Five minutes on the engine's clock, a few seconds at most on the wall's: the clock moves only when told to.
        for (var step = 0; !acquiring.IsCompleted && step < 1000; step++)
        {
            Assert.StartsWith("waiting for the migration lock held by pid", progress.Activity ?? "waiting for the migration lock held by pid");
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(acquiring, Task.Delay(20));
        }

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => acquiring);
        await using var holderPid = new NpgsqlCommand("SELECT pg_backend_pid()", holder);
        var pid = await holderPid.ExecuteScalarAsync();
        Assert.StartsWith($"Gave up after 300 s waiting for the migration lock, held by pid {pid} (", error.Message, StringComparison.Ordinal);
        // Never before the limit on its clock (the test's clock may run further ahead while a poll is on the wire).
        Assert.True(time.GetUtcNow() - time.Start >= TimeSpan.FromMinutes(5), $"gave up after {time.GetUtcNow() - time.Start}");
    }
}
