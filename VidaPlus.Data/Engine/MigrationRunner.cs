using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Adoption;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Data.Engine;

/// <summary>
/// Runs a plan the way every VidaPlus path migrates: under the advisory lock for the whole run, with the state read
/// after taking it, one migration per transaction (as EF Core runs them), each statement waiting at most the lock
/// timeout and a timed-out migration retried with backoff, and a record written for each step.
/// </summary>
internal sealed class MigrationRunner(
    VidaPlusDbContext db, CompiledMigrations compiled, MigrationRecords records, MigrationLocker locker, LockRetry lockRetry,
    LockWaitOptions options, MigrationProgress progress, ILogger<MigrationRunner> logger)
{
    /// <summary>Reads the state once the lock is held, asks <paramref name="plan"/> for the steps, runs them.</summary>
    /// <param name="allowExpandAhead">Go on when the database is ahead of this build by expand migrations only (an
    /// upgrade that then has nothing to do); a downgrade must not.</param>
    public async Task<MigrationRun> RunAsync(
        Func<MigrationState, Task<IReadOnlyList<PlannedStep>>> plan, Action<MigrationStep>? onStep, bool allowExpandAhead,
        CancellationToken cancellationToken)
    {
        await EnsureWritableAsync(cancellationToken);
        await using var migrationLock = await LockAsync(cancellationToken);
        // Read after taking the lock: another process may have migrated while this one waited.
        var state = await ReadStateAsync(cancellationToken);
        state.EnsureMigratable(allowExpandAhead);
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
        // One open connection for the run, so the timeouts set on it hold for every migration's transaction. The server
        // bounds each statement (statement_timeout); the client waits as long as the server lets it run (EF Core's
        // default of 30 s would abandon an index build on a big table).
        await using var open = await ConnectionScope.OpenAsync(db.Database, cancellationToken);
        var commandTimeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(0);
        Connection.Notice += ReportBackfill;
        try
        {
            await EngineSql.ExecuteAsync(Connection,
                $"{EngineSql.LockTimeout(options.LockTimeout, local: false)}; {EngineSql.StatementTimeout(options.StatementTimeout)}", cancellationToken);
            foreach (var (planned, number) in steps.Select((s, i) => (s, i + 1)))
            {
                progress.Migrating(number, steps.Count, planned.Migration);
                logger.LogInformation("Applying {Migration} ({Number} of {Count})", planned.Migration, number, steps.Count);
                var clock = Stopwatch.StartNew();
                await MigrateTracedAsync(migrator, planned, current, clock, cancellationToken);
                current = planned.After;
                var step = new MigrationStep(planned.Migration, clock.Elapsed);
                // The record itself committed with the migration (RecordingHistoryRepository); its time is known now.
                if (planned.Direction == MigrationDirection.Up)
                {
                    await records.SetDurationAsync(planned.Migration, step.Duration, cancellationToken);
                }
                done.Add(step);
                onStep?.Invoke(step);
            }
        }
        finally
        {
            Connection.Notice -= ReportBackfill;
            progress.Done();
            db.Database.SetCommandTimeout(commandTimeout);
            // A connection the server ended (a failover, a terminated backend) has no session left to reset, and an error
            // here would hide the one that ended the run.
            if (Connection.State == System.Data.ConnectionState.Open)
            {
                await EngineSql.ExecuteAsync(Connection, $"{EngineSql.ResetLockTimeout}; {EngineSql.ResetStatementTimeout}", CancellationToken.None);
            }
        }
        return new MigrationRun(state.Current, current, done);
    }

    // A standby (a URL naming the wrong server, or an old primary after a failover) takes the lock and reads the history,
    // then fails at the first write: refused before anything, in one line.
    private async Task EnsureWritableAsync(CancellationToken cancellationToken)
    {
        await using var open = await ConnectionScope.OpenAsync(Connection, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", Connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            throw new MigrationStateException(
                $"The database {Connection.Host}:{Connection.Port}/{Connection.Database} is a read-only server (a standby): point " +
                "MIGRATION_DATABASE_URL at the primary (or add target_session_attrs=read-write to a multi-host URL). Nothing was written.");
        }
    }

    /// <summary>The history, and for a database without one, whether Alembic made it.</summary>
    public async Task<MigrationState> ReadStateAsync(CancellationToken cancellationToken)
    {
        // Opened first, and raw (EF Core would wrap the error): EF Core reads a database that does not exist (3D000) as
        // one with no history, and a verb pointed at a misspelt name must fail as every other does, not answer "base".
        List<string> applied;
        await using (await ConnectionScope.OpenAsync(Connection, cancellationToken))
        {
            applied = [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
        }
        var state = new MigrationState(compiled.All, applied, applied.Count == 0 ? await AlembicDatabase.ReadRevisionAsync(db, cancellationToken) : null);
        return state.Unknown.Count == 0 ? state
            : state with { UnknownRecords = (await records.ReadAsync(cancellationToken)).Where(r => state.Unknown.Contains(r.Key)).ToDictionary() };
    }

    /// <summary>The migration lock on this database, held until disposed.</summary>
    public Task<MigrationLock> LockAsync(CancellationToken cancellationToken) => locker.AcquireAsync(Connection, cancellationToken);

    /// <summary>The context's connection, for SQL of the engine's own (<see cref="EngineSql"/>).</summary>
    public NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

    // A backfill's NOTICEs (BackfillSql): for the readiness probe, the verb, the log and the migration's span.
    private void ReportBackfill(object sender, NpgsqlNoticeEventArgs e)
    {
        if (e.Notice.MessageText.StartsWith(BackfillSql.ReportPrefix, StringComparison.Ordinal))
        {
            progress.Backfilling(e.Notice.MessageText);
            logger.LogInformation("{Backfill}", e.Notice.MessageText);
            _migrationActivity?.AddEvent(new("backfill batch", tags: new() { ["vidaplus.backfill.progress"] = e.Notice.MessageText }));
        }
    }

    // The migration's span (the notices arrive while Npgsql's own command span is the current one).
    private Activity? _migrationActivity;

    // One span and one duration measurement per migration, with its class and how it ended.
    private async Task MigrateTracedAsync(IMigrator migrator, PlannedStep step, string current, Stopwatch clock, CancellationToken cancellationToken)
    {
        var direction = step.Direction.ToString().ToLowerInvariant();
        var kind = compiled.Classify(step.Migration, step.Direction).Class.Name();
        using var activity = _migrationActivity = VidaPlusTelemetry.Start($"migration {step.Migration}", Connection.Database)
            ?.SetTag("vidaplus.migration.id", step.Migration).SetTag("vidaplus.migration.direction", direction).SetTag("vidaplus.migration.class", kind);
        var outcome = "applied";
        try
        {
            await MigrateWithLockRetriesAsync(migrator, step, current, cancellationToken);
        }
        catch (Exception e)
        {
            outcome = e is MigrationInterruptedException ? "interrupted" : "failed";
            activity.Failed(e);
            throw;
        }
        finally
        {
            _migrationActivity = null;
            activity?.SetTag("vidaplus.migration.outcome", outcome);
            VidaPlusTelemetry.MigrationDuration.Record(clock.Elapsed.TotalSeconds, new TagList
            {
                { "db.namespace", Connection.Database }, { "vidaplus.migration.id", step.Migration },
                { "vidaplus.migration.direction", direction }, { "vidaplus.migration.class", kind }, { "vidaplus.migration.outcome", outcome },
            });
        }
    }

    // A migration that timed out waiting for a lock rolled back whole, so it is safe to try again after a pause.
    private async Task MigrateWithLockRetriesAsync(IMigrator migrator, PlannedStep step, string current, CancellationToken cancellationToken)
    {
        try
        {
            using var engine = EngineRun.Enter();
            await lockRetry.RunAsync(() => migrator.MigrateAsync(step.EfTarget, cancellationToken), $"Migration {step.Migration}",
                () => TablesLocked(step), cancellationToken);
        }
        // Cancelled (SIGTERM, Ctrl+C): PostgreSQL cancels the statement and the transaction rolls back, whatever
        // wrapping the cancellation arrives in.
        catch (Exception e) when (e is OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            throw new MigrationInterruptedException(step.Migration, current, e, Position);
        }
        catch (Exception e) when (e is not MigrationStateException)
        {
            throw new MigrationFailedException(step.Migration, current, e, Position);
        }
    }

    // How far the migration that stopped had got, from the executor that ran its steps.
    private StepPosition? Position => (db.GetService<IMigrationCommandExecutor>() as ResumingCommandExecutor)?.Position;

    private IReadOnlyList<MigrationOperation> Operations(PlannedStep step)
    {
        var migration = compiled.Create(step.Migration);
        return step.Direction == MigrationDirection.Up ? migration.UpOperations : migration.DownOperations;
    }

    // The tables a step's operations lock: the one each acts on, and the one a foreign key points to.
    private IEnumerable<string> TablesLocked(PlannedStep step) =>
        Operations(step)
            .SelectMany(o => new[] { (o as ITableMigrationOperation)?.Table, (o as AddForeignKeyOperation)?.PrincipalTable })
            .OfType<string>()
            .Distinct();
}
