using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Schema;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Data.Adoption;

/// <param name="TimeZone">The zone <c>users.created_at</c> was written in; default the database's TimeZone setting.</param>
/// <param name="AllowedDrift">Objects added on purpose (as <c>db check</c> names them): tolerated, and kept.</param>
public sealed record AdoptionOptions(string? TimeZone = null, IReadOnlyDictionary<string, string>? AllowedDrift = null);

/// <summary>What <c>db adopt</c> did, or would do.</summary>
/// <param name="Done">The steps run (or, in a dry run, tried and rolled back), in order.</param>
/// <param name="Left">Steps a dry run did not try (they cannot run in a transaction).</param>
public sealed record AdoptionReport(string Message, IReadOnlyList<AdoptionStep> Done, IReadOnlyList<AdoptionStep> Left);

/// <summary>
/// Brings a database the Python app's Alembic migrations made under EF Core: verifies that its schema is exactly
/// what its Alembic revision makes, converts it to exactly what our migrations make at the matching revision (names,
/// identity columns, time zones, delete rules, foreign-key indexes), and records the migrations as applied, all under
/// the migration lock. Only metadata and one column type change; every row keeps its values.
/// </summary>
internal sealed class DatabaseAdopter(
    VidaPlusDbContext db, MigrationCatalog catalog, MigrationRecords records, MigrationRunner runner, LockRetry lockRetry,
    LockWaitOptions locks, ILogger logger)
{
    private sealed record Plan(
        AlembicRevision Revision, CompiledMigration Migration, string TimeZone, DatabaseSchema Target,
        IReadOnlyList<AdoptionStep> Structural, IReadOnlyList<AdoptionStep> Concurrent);

    /// <summary>Adopts, finishes an adoption that stopped part-way, or says there is nothing to do.</summary>
    /// <param name="onStep">Told of each step once it has run.</param>
    public async Task<AdoptionReport> AdoptAsync(
        AdoptionOptions options, bool dryRun = false, Action<AdoptionStep>? onStep = null, CancellationToken cancellationToken = default)
    {
        await using var migrationLock = await runner.LockAsync(cancellationToken);
        var state = await runner.ReadStateAsync(cancellationToken);
        if (!state.IsAlembic)
        {
            return await FinishAsync(state, dryRun, onStep, cancellationToken);
        }
        var plan = await PlanAsync(state, options, cancellationToken);
        await using (await ConnectionScope.OpenAsync(db.Database, cancellationToken))
        {
            if (dryRun)
            {
                await RunStructuralAsync(plan, commit: false, onStep, cancellationToken);
                return new($"Dry run: adopting Alembic revision {plan.Revision.Id} as {plan.Migration.Id} would run these; " +
                    "the structural part ran and was rolled back, nothing was changed.", plan.Structural, plan.Concurrent);
            }
            await RunStructuralAsync(plan, commit: true, onStep, cancellationToken);
            logger.LogInformation("Adopted Alembic revision {Revision} as {Migration}; building indexes and validating", plan.Revision.Id, plan.Migration.Id);
            await RunConcurrentAsync(plan.Concurrent, onStep, cancellationToken);
        }
        return new($"Adopted Alembic revision {plan.Revision.Id} as {plan.Migration.Id} (created_at read as {plan.TimeZone} local time). " +
            "Alembic's version table is gone; `db upgrade` takes it from here.", [.. plan.Structural, .. plan.Concurrent], []);
    }

    /// <summary>The SQL a DBA would run for the adoption: the structural part in one transaction, the concurrent index
    /// builds and validations after it.</summary>
    public async Task<string> ScriptAsync(AdoptionOptions options, CancellationToken cancellationToken = default)
    {
        var state = await runner.ReadStateAsync(cancellationToken);
        if (!state.IsAlembic)
        {
            throw new MigrationStateException("Nothing to adopt: this database has no alembic_version (or already has an EF Core history).");
        }
        var plan = await PlanAsync(state, options, cancellationToken);
        var script = new StringBuilder()
            .AppendLine($"-- VidaPlus: adopt the database at Alembic revision {plan.Revision.Id} as {plan.Migration.Id}.")
            .AppendLine($"-- users.created_at values are read as local times in {plan.TimeZone}.")
            .AppendLine("-- Part 1, in one transaction: names, identity columns, types, delete rules, the migration history.")
            .AppendLine("BEGIN;")
            .AppendLine($"{EngineSql.LockTimeout(locks.LockTimeout, local: true)};");
        foreach (var step in plan.Structural.Concat(RecordSteps(plan)))
        {
            script.AppendLine($"-- {step.Description}").AppendLine($"{step.Sql.TrimEnd().TrimEnd(';')};");
        }
        script.AppendLine("COMMIT;")
            .AppendLine("-- Part 2, outside any transaction (CREATE INDEX CONCURRENTLY cannot run in one); writers are not blocked.");
        foreach (var step in plan.Concurrent)
        {
            script.AppendLine($"-- {step.Description}").AppendLine($"{step.Sql};");
        }
        return script.ToString();
    }

    private async Task<Plan> PlanAsync(MigrationState state, AdoptionOptions options, CancellationToken cancellationToken)
    {
        var revision = AlembicRevisions.Find(state.AlembicRevision!);
        var migration = catalog.Migrations.Single(m => m.Name == revision.Migration);
        var target = ModelSchema.From(catalog.TargetModel(migration)!.Model);
        var alembic = AlembicShape.Expected(target, revision);
        var live = await ReadSchemaAsync(cancellationToken);
        var differences = SchemaComparer.Compare(alembic, live)
            .Where(d => options.AllowedDrift is null || !options.AllowedDrift.ContainsKey(d.Object)).ToList();
        if (differences.Count > 0)
        {
            throw new MigrationStateException(
                $"Refusing to adopt: the schema is not exactly what Alembic revision {revision.Id} makes, so converting it could " +
                $"lose or mis-convert something. {differences.Count} difference(s): {string.Join("; ", differences)}. Nothing was changed. " +
                "Objects added on purpose can be allowed in the drift allow-list.");
        }
        var zone = await TimeZoneAsync(options.TimeZone, cancellationToken);
        return new(revision, migration, zone, target,
            AdoptionPlan.Structural(alembic, target, zone), AdoptionPlan.Concurrent(AdoptionPlan.AfterStructural(alembic, target), target));
    }

    // The structural steps and the records, in one transaction under the lock timeout, retried whole on a lock timeout.
    private Task RunStructuralAsync(Plan plan, bool commit, Action<AdoptionStep>? onStep, CancellationToken cancellationToken) =>
        lockRetry.RunAsync(async () =>
        {
            await using var transaction = await runner.Connection.BeginTransactionAsync(cancellationToken);
            await EngineSql.SetLockTimeoutAsync(runner.Connection, locks.LockTimeout, local: true, cancellationToken);
            foreach (var step in plan.Structural.Concat(RecordSteps(plan)))
            {
                await ExecuteAsync(step, cancellationToken);
                onStep?.Invoke(step);
            }
            if (commit)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                await transaction.RollbackAsync(cancellationToken);
            }
        }, "Adoption", () => plan.Target.Tables.Select(t => t.Name), cancellationToken);

    // Each step on its own; a blocking one (dropping a constraint) under the lock timeout with retries, the others
    // (concurrent builds, validations) with no timeout, since they block no one while they wait.
    private async Task RunConcurrentAsync(IReadOnlyList<AdoptionStep> steps, Action<AdoptionStep>? onStep, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            if (step.Blocking)
            {
                await lockRetry.RunAsync(async () =>
                {
                    await EngineSql.SetLockTimeoutAsync(runner.Connection, locks.LockTimeout, local: false, cancellationToken);
                    await ExecuteAsync(step, cancellationToken);
                }, "Adoption", () => [step.Description], cancellationToken);
            }
            else
            {
                await EngineSql.SetLockTimeoutAsync(runner.Connection, TimeSpan.Zero, local: false, cancellationToken);
                await ExecuteAsync(step, cancellationToken);
            }
            onStep?.Invoke(step);
        }
        await EngineSql.ExecuteAsync(runner.Connection, EngineSql.ResetLockTimeout, CancellationToken.None);
    }

    // An adopted database whose concurrent part did not finish: finish it. Any other: nothing to do.
    private async Task<AdoptionReport> FinishAsync(MigrationState state, bool dryRun, Action<AdoptionStep>? onStep, CancellationToken cancellationToken)
    {
        if (state.Applied.Count == 0)
        {
            throw new MigrationStateException(
                "Nothing to adopt: the database has neither an alembic_version nor an EF Core history. An empty database needs `db upgrade`.");
        }
        var adoption = (await records.ReadAsync(cancellationToken)).Values.FirstOrDefault(r => r.AdoptedFrom is not null);
        if (adoption is null)
        {
            return new($"Nothing to adopt: EF Core migrations made this database (it is at {state.Current}).", [], []);
        }
        state.EnsureMigratable();
        var target = ModelSchema.From(catalog.TargetModel(catalog.Find(state.Current))!.Model);
        var left = AdoptionPlan.Concurrent(await ReadSchemaAsync(cancellationToken), target);
        var from = $"Adopted from {adoption.AdoptedFrom} on {adoption.AppliedAt:yyyy-MM-dd HH:mm}Z";
        if (left.Count == 0)
        {
            return new($"{from}; nothing left to do.", [], []);
        }
        if (dryRun)
        {
            return new($"Dry run: {from}, but {left.Count} step(s) did not finish; `db adopt` would run them.", [], left);
        }
        await using (await ConnectionScope.OpenAsync(db.Database, cancellationToken))
        {
            await RunConcurrentAsync(left, onStep, cancellationToken);
        }
        return new($"{from}; finished the {left.Count} step(s) left.", left, []);
    }

    // EF's history up to the matching migration, and a record of each, marked with the Alembic revision adopted.
    private IEnumerable<AdoptionStep> RecordSteps(Plan plan)
    {
        var history = db.GetService<IHistoryRepository>();
        var ids = catalog.Migrations.TakeWhile(m => string.CompareOrdinal(m.Id, plan.Migration.Id) <= 0).Select(m => m.Id).ToList();
        yield return new("the migration history, as EF Core keeps it", history.GetCreateIfNotExistsScript() +
            string.Concat(ids.Select(id => history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())))));
        yield return new($"VidaPlus's record of each, with its checksum, adopted from Alembic {plan.Revision.Id}",
            MigrationRecords.CreateTableSql + string.Concat(ids.Select(id =>
                MigrationRecords.RecordSql(id, catalog.Compiled.Checksum(id), catalog.Compiled.Classify(id), TimeSpan.Zero, $"alembic {plan.Revision.Id}"))));
    }

    private async Task<string> TimeZoneAsync(string? given, CancellationToken cancellationToken)
    {
        await using var open = await ConnectionScope.OpenAsync(db.Database, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT coalesce(@zone, current_setting('TimeZone')), now() AT TIME ZONE coalesce(@zone, 'UTC')", runner.Connection);
            command.Parameters.Add(new NpgsqlParameter<string?>("zone", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = given });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return reader.GetString(0);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidParameterValue)
        {
            throw new MigrationTargetException($"--timezone '{given}' is not a time zone PostgreSQL knows ({e.MessageText}); e.g. America/Sao_Paulo or UTC.");
        }
    }

    private async Task<DatabaseSchema> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        await using var open = await ConnectionScope.OpenAsync(db.Database, cancellationToken);
        return (await SchemaReader.ReadAsync(runner.Connection, cancellationToken: cancellationToken)).WithoutEngineTables();
    }

    private Task ExecuteAsync(AdoptionStep step, CancellationToken cancellationToken) =>
        VidaPlusTelemetry.InSpanAsync("adoption step", runner.Connection.Database, async activity =>
        {
            activity?.SetTag("vidaplus.adoption.step", step.Description).SetTag("vidaplus.adoption.blocking", step.Blocking);
            var clock = Stopwatch.StartNew();
            await EngineSql.ExecuteAsync(runner.Connection, step.Sql, cancellationToken);
            logger.LogDebug("{Sql} in {Milliseconds} ms", SqlText.OneLine(step.Sql, 120), clock.ElapsedMilliseconds);
        });
}
