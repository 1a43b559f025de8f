using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Integrity;

namespace VidaPlus.Data.Engine;

/// <summary>
/// Runs a plan the way every VidaPlus path migrates: under the advisory lock for the whole run, with the state read
/// after taking it, one migration per transaction (as EF Core runs them), each statement waiting at most the lock
/// timeout and a timed-out migration retried with backoff, and a record written for each step.
/// </summary>
public sealed class MigrationRunner(VidaPlusDbContext db, CompiledMigrations compiled, MigrationRecords records, LockWaitOptions options, ILogger logger)
{
    /// <summary>Reads the state once the lock is held, asks <paramref name="plan"/> for the steps, runs them.</summary>
    public async Task<MigrationRun> RunAsync(
        Func<MigrationState, Task<IReadOnlyList<PlannedStep>>> plan, Action<MigrationStep>? onStep, CancellationToken cancellationToken)
    {
        await using var migrationLock = await LockAsync(cancellationToken);
        // Read after taking the lock: another process may have migrated while this one waited.
        var state = await ReadStateAsync(cancellationToken);
        state.RefuseUnknown();
        if (state.OutOfOrder.Count > 0)
        {
            var o = state.OutOfOrder[0];
            throw new MigrationStateException(
                $"Pending migration {o.Pending.Id} sorts before the applied {o.NewerApplied}; refusing to run migrations out of order. See `db check`.");
        }
        var steps = await plan(state);
        var migrator = db.GetService<IMigrator>();
        var done = new List<MigrationStep>();
        var current = state.Current;
        // One open connection for the run, so the lock_timeout set on it holds for every migration's transaction.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await SetLockTimeoutAsync(transactionOnly: false, cancellationToken);
            foreach (var planned in steps)
            {
                var clock = Stopwatch.StartNew();
                await MigrateWithLockRetriesAsync(migrator, planned, current, cancellationToken);
                current = planned.After;
                var step = new MigrationStep(planned.Migration, clock.Elapsed);
                // Recorded once the migration has committed: a crash in between leaves "no record", which
                // `db check` reports and `db stamp --record-only` repairs.
                if (planned.Direction == MigrationDirection.Up)
                {
                    await records.RecordAsync(planned.Migration, compiled.Checksum(planned.Migration), step.Duration, cancellationToken);
                }
                else
                {
                    await records.RemoveAsync(planned.Migration, cancellationToken);
                }
                done.Add(step);
                onStep?.Invoke(step);
            }
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("RESET lock_timeout", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        return new MigrationRun(state.Current, current, done);
    }

    public async Task<MigrationState> ReadStateAsync(CancellationToken cancellationToken) =>
        new(compiled.All, [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)]);

    public Task<MigrationLock> LockAsync(CancellationToken cancellationToken) =>
        MigrationLock.AcquireAsync((NpgsqlConnection)db.Database.GetDbConnection(), cancellationToken);

    /// <summary>lock_timeout on the context's open connection: for its current transaction only, or for the session.</summary>
    public async Task SetLockTimeoutAsync(bool transactionOnly, CancellationToken cancellationToken)
    {
        var milliseconds = $"{(long)options.LockTimeout.TotalMilliseconds}ms";
        await db.Database.ExecuteSqlAsync($"SELECT set_config('lock_timeout', {milliseconds}, {transactionOnly})", cancellationToken);
    }

    // A migration that timed out waiting for a lock rolled back whole, so it is safe to try again after a pause.
    private async Task MigrateWithLockRetriesAsync(IMigrator migrator, PlannedStep step, string current, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(step.EfTarget, cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (LockTimeoutIn(e) is not { } timeout)
                {
                    throw new MigrationFailedException(step.Migration, current, e);
                }
                var tables = string.Join(", ", TablesLocked(step));
                if (attempt > options.LockRetries)
                {
                    throw new MigrationFailedException(step.Migration, current, new TimeoutException(
                        $"Gave up after {attempt} tries, each waiting {options.LockTimeout.TotalSeconds:0.###} s for a lock on {tables} " +
                        $"({timeout.MessageText}). " +
                        "Another transaction holds a conflicting lock (see pg_locks and pg_stat_activity): retry when it ends, " +
                        $"or raise {LockWaitOptions.LockTimeoutVariable}.", e));
                }
                logger.LogWarning("Migration {Migration} timed out waiting for a lock on {Tables}; try {Attempt} of {Tries} in {Pause} ms",
                    step.Migration, tables, attempt + 1, options.LockRetries + 1, (int)pause.TotalMilliseconds);
                await Task.Delay(pause, cancellationToken);
                pause *= 2;
            }
        }
    }

    // The tables a step's operations lock: the one each acts on, and the one a foreign key points to.
    private IEnumerable<string> TablesLocked(PlannedStep step)
    {
        var migration = compiled.Create(step.Migration);
        return (step.Direction == MigrationDirection.Up ? migration.UpOperations : migration.DownOperations)
            .SelectMany(o => new[] { (o as ITableMigrationOperation)?.Table, (o as AddForeignKeyOperation)?.PrincipalTable })
            .OfType<string>()
            .Distinct();
    }

    private static PostgresException? LockTimeoutIn(Exception? e) =>
        e is null ? null
        : e is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } pg ? pg
        : LockTimeoutIn(e.InnerException);
}
