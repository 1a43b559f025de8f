using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Adoption;
using VidaPlus.Data.Deploys;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Roles;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data.Engine;

/// <summary>
/// Everything an Alembic user does to a database, for callers in one place: targets are resolved by
/// <see cref="MigrationTargets"/>, runs by <see cref="MigrationRunner"/>, and <see cref="MigrationStamp"/>,
/// <see cref="MigrationDryRun"/> and <see cref="MigrationCheck"/> do the rest. Targets are validated before anything
/// connects, and the state is read again under the lock before anything changes.
/// </summary>
public sealed class MigrationService
{
    private readonly VidaPlusDbContext _db;
    private readonly MigrationRecords _records;
    private readonly MigrationRunner _runner;
    private readonly HeadCheck _headCheck;
    private readonly LockRetry _lockRetry;
    private readonly UnsafeMigrationGuard _guard;
    private readonly LockWaitOptions _locks;
    private readonly ContractOptions _contracts;
    private readonly ILogger _logger;
    // Built on first use: it starts EF Core's design-time services, which most verbs never need.
    private readonly Lazy<MigrationCatalog> _catalog;

    internal MigrationService(
        VidaPlusDbContext db, CompiledMigrations compiled, MigrationRecords records, MigrationRunner runner, HeadCheck headCheck,
        LockRetry lockRetry, UnsafeMigrationGuard guard, LockWaitOptions locks, ContractOptions contracts, ILogger<MigrationService> logger)
    {
        _db = db;
        Compiled = compiled;
        Targets = new MigrationTargets(compiled);
        _records = records;
        _runner = runner;
        _headCheck = headCheck;
        _lockRetry = lockRetry;
        _guard = guard;
        _locks = locks;
        _contracts = contracts;
        _logger = logger;
        _catalog = new(() => new MigrationCatalog(db, compiled));
    }

    public CompiledMigrations Compiled { get; }

    internal MigrationTargets Targets { get; }

    internal MigrationCatalog Catalog => _catalog.Value;

    /// <summary>
    /// Where the database stands: the status every caller reads (startup, readiness, /db/status, the verbs). A
    /// database clean at head is recognised by <see cref="HeadCheck"/>'s one query; anything else reads the history.
    /// Only reads: the head check's answer is remembered by the paths that migrate, never here.
    /// </summary>
    public async Task<MigrationState> ReadStateAsync(CancellationToken cancellationToken = default) =>
        await _headCheck.CleanHeadAsync(_runner.Connection, remember: false, cancellationToken) is not null
            ? new MigrationState(Compiled.All, [.. Compiled.All.Select(m => m.Id)])
            : await ReadHistoryAsync(cancellationToken);

    /// <summary>Where the database stands, read from its history, for a caller whose head check already said no.</summary>
    internal Task<MigrationState> ReadHistoryAsync(CancellationToken cancellationToken) => _runner.ReadStateAsync(cancellationToken);

    /// <summary>Each migration an interrupted run left part-way, in a line saying how far it got and where the next run goes
    /// on (<see cref="StepLog"/>); empty when none is. Such a migration is pending, so nothing is read when
    /// <paramref name="state"/> has none pending: the everyday answer at head stays one query.</summary>
    public async Task<IReadOnlyList<string>> InterruptedAsync(MigrationState state, CancellationToken cancellationToken = default) =>
        state.Pending.Count == 0 ? [] : StepLog.Describe(await StepLog.ReadAllAsync(_runner.Connection, cancellationToken));

    /// <summary>What VidaPlus recorded of each applied migration; applied migrations without a record are absent.</summary>
    public Task<IReadOnlyDictionary<string, MigrationRecord>> ReadRecordsAsync(CancellationToken cancellationToken = default) =>
        _records.ReadAsync(cancellationToken);

    /// <summary>Applies pending migrations up to <paramref name="target"/>: head, an id or name, or +N. Refuses, before
    /// changing anything, those with a lint problem nobody accepted on a big table (<see cref="UnsafeMigrationGuard"/>).
    /// Stops before a contract migration while a build that lacks it serves (<see cref="ContractGate"/>; the run says
    /// which, in <see cref="MigrationRun.Held"/>), unless <paramref name="forceContracts"/>.</summary>
    public async Task<MigrationRun> UpgradeAsync(
        string target, Action<MigrationStep>? onStep = null, CancellationToken cancellationToken = default, bool forceContracts = false)
    {
        Targets.Validate(target, allowBase: false);
        HeldContract? held = null;
        var run = await _runner.RunAsync(async state =>
        {
            var id = Targets.Upgrade(target, state);
            if (state.IsApplied(id) && id != state.CurrentKnown)
            {
                throw new MigrationTargetException(
                    $"{id} is behind the current revision {state.Current}: use `db downgrade {Compiled.NameOf(id)}` to go back.");
            }
            IReadOnlyList<PlannedStep> steps = [.. state.Pending.TakeWhile(m => string.CompareOrdinal(m.Id, id) <= 0).Select(m => PlannedStep.Apply(m.Id))];
            await using (await ConnectionScope.OpenAsync(_runner.Connection, cancellationToken))
            {
                // Made by a run that migrates, as the role that migrates, for the serving processes to record themselves in.
                try
                {
                    if (steps.Count > 0)
                    {
                        await ServingBuilds.EnsureTableAsync(_runner.Connection, cancellationToken);
                    }
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    throw new MigrationStateException($"{e.SqlState}: {e.MessageText}. {MigrationErrors.NoSchemaRights} Nothing was changed.");
                }
                if (!forceContracts && steps.Any(s => Compiled.Find(s.Migration).IsContract))
                {
                    (steps, held) = ContractGate.Apply(steps, Compiled, await ServingBuilds.LiveAsync(_runner.Connection, _contracts.Window, cancellationToken));
                }
            }
            await _guard.EnsureSafeAsync(_runner.Connection, state.Applied, steps.Select(s => s.Migration), cancellationToken);
            return steps;
        }, onStep, allowExpandAhead: true, cancellationToken);
        if (held is not null)
        {
            _logger.LogWarning("{Held}", held);
        }
        return run with { Held = held };
    }

    /// <summary>The processes serving this database within CONTRACT_WINDOW, and their builds.</summary>
    public async Task<IReadOnlyList<ServingBuild>> ServingAsync(CancellationToken cancellationToken = default)
    {
        await using var open = await ConnectionScope.OpenAsync(_runner.Connection, cancellationToken);
        return await ServingBuilds.LiveAsync(_runner.Connection, _contracts.Window, cancellationToken);
    }

    /// <summary>Reverts applied migrations down to <paramref name="target"/>: base, an id or name, or -N. Refuses,
    /// before changing anything, when that would drop a table or column holding data, unless <paramref name="allowDataLoss"/>.</summary>
    public Task<MigrationRun> DowngradeAsync(
        string target, Action<MigrationStep>? onStep = null, bool allowDataLoss = false, CancellationToken cancellationToken = default)
    {
        Targets.Validate(target, allowBase: true);
        return _runner.RunAsync(async state =>
        {
            var id = Targets.Downgrade(target, state);
            if (!Revision.IsBase(id) && !state.IsApplied(id))
            {
                throw new MigrationTargetException(
                    $"{id} is not applied (the database is at {state.Current}): use `db upgrade {Compiled.NameOf(id)}` to go forward.");
            }
            var reverted = state.Applied.Where(a => Revision.IsBase(id) || string.CompareOrdinal(a, id) > 0).Reverse().ToList();
            if (!allowDataLoss)
            {
                var losses = await DataLossGuard.FindAsync(_db, reverted.SelectMany(a => Compiled.Create(a).DownOperations), cancellationToken);
                if (losses.Count > 0)
                {
                    throw new DataLossException(losses);
                }
            }
            await _guard.EnsureSafeDownAsync(_runner.Connection, state.Applied, [.. reverted.Where(Compiled.Contains)], cancellationToken);
            // Each step reverts one migration: EF's target is the applied migration before it.
            return (IReadOnlyList<PlannedStep>)[.. reverted.Select(a => PlannedStep.Revert(a, PreviousApplied(state, a)))];
        }, onStep, allowExpandAhead: false, cancellationToken);
    }

    /// <summary>Runs the pending migrations up to <paramref name="target"/> in one transaction, then rolls back.
    /// Refuses migrations that cannot run inside a transaction.</summary>
    public Task<IReadOnlyList<DryRunStep>> DryRunAsync(string target, CancellationToken cancellationToken = default)
    {
        Targets.Validate(target, allowBase: false);
        return new MigrationDryRun(_db, Compiled, _runner, _locks).RunAsync(state => Targets.Upgrade(target, state), cancellationToken);
    }

    /// <summary>Records <paramref name="target"/> as the current revision without running any migration. With
    /// <paramref name="recordOnly"/>, leaves the history alone and only records the checksums of applied migrations
    /// that have none (applied by a build older than the records, or another tool).</summary>
    public Task<MigrationRun> StampAsync(string target, bool recordOnly = false, CancellationToken cancellationToken = default)
    {
        var stamp = new MigrationStamp(_db, Compiled, _records, _runner);
        if (recordOnly)
        {
            return stamp.RecordOnlyAsync(cancellationToken);
        }
        Targets.Validate(target, allowBase: true);
        return stamp.StampAsync(state => Targets.Stamp(target, state), cancellationToken);
    }

    /// <summary>Applied migrations whose code no longer matches the checksum recorded when they ran.</summary>
    internal async Task<IReadOnlyList<ChangedMigration>> ChangedAsync(MigrationState state, CancellationToken cancellationToken = default) =>
        MigrationCheck.Changed(Compiled, state, await _records.ReadAsync(cancellationToken));

    /// <summary>Every reason the database and this build are not in step; empty when all is well.</summary>
    /// <param name="servingRole">DATABASE_URL's role, when another one migrates: the rights the schema needs that it lacks are a problem.</param>
    public Task<IReadOnlyList<CheckProblem>> CheckAsync(
        IReadOnlyDictionary<string, string>? allowedDrift = null, string? servingRole = null, CancellationToken cancellationToken = default) =>
        new MigrationCheck(_db, Catalog, _records, _runner).RunAsync(allowedDrift, servingRole, cancellationToken);

    /// <summary>Brings a database made by the Python app's Alembic migrations under VidaPlus (<see cref="DatabaseAdopter"/>).</summary>
    public Task<AdoptionReport> AdoptAsync(
        AdoptionOptions options, bool dryRun = false, Action<AdoptionStep>? onStep = null, CancellationToken cancellationToken = default) =>
        Adopter().AdoptAsync(options, dryRun, onStep, cancellationToken);

    /// <summary>The adoption as SQL for a DBA.</summary>
    public Task<string> AdoptionScriptAsync(AdoptionOptions options, CancellationToken cancellationToken = default) =>
        Adopter().ScriptAsync(options, cancellationToken);

    private DatabaseAdopter Adopter() => new(_db, Catalog, _records, _runner, _lockRetry, _locks, _logger);

    /// <summary>The SQL from one revision to another, without a database (see <see cref="MigrationTargets.Script"/>), under
    /// the lock timeout (<see cref="MigrationScript"/>).</summary>
    public string Script(string from, string to, bool idempotent)
    {
        var (fromId, toId) = Targets.Script(from, to);
        return MigrationScript.Protect(_db.GetService<IMigrator>().GenerateScript(Revision.ToEf(fromId), Revision.ToEf(toId),
            idempotent ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default), _locks);
    }

    /// <summary>Grants <paramref name="role"/> what a serving role needs and nothing more (<see cref="ServingRole"/>):
    /// the rows of the schema, never its definition; and the same on what this connection's role creates later.</summary>
    public Task GrantServingRoleAsync(string role, CancellationToken cancellationToken = default) =>
        ServingRole.GrantAsync(_runner.Connection, role, cancellationToken);

    /// <summary>The same grants as SQL for a DBA, to run as the role that migrates.</summary>
    public static string ServingRoleScript(string role) =>
        $"-- What the serving role {role} needs, and nothing more; run it as the role that migrates (its future tables are covered).\n" +
        string.Concat(ServingRole.GrantStatements(role).Select(s => s + ";\n"));

    /// <summary>What the lint rules find in every migration's Up(), oldest first.</summary>
    public IReadOnlyList<LintFinding> Lint() => MigrationLinter.Lint(Compiled);

    /// <summary>The data changes every migration's Up() makes to rows there are (its Backfills, and the fills of NULLs with
    /// a model default), oldest first, not counted: <see cref="TraceAsync"/> counts those still pending on a database.</summary>
    public IReadOnlyList<PlannedFill> Fills() => [.. PlannedFills.Of(Compiled, Compiled.All.Select(m => m.Id))];

    /// <summary>What every migration's statements do, run on a copy of the schema made on this database's server
    /// (<see cref="MigrationTrace"/>), and the rows each table they touch holds here (an estimate, or a count up to
    /// MIGRATION_UNSAFE_MIN_ROWS), and the rows the pending migrations' fills will change here (counted): `db lint --trace`.</summary>
    public async Task<(MigrationTraceResult Trace, IReadOnlyDictionary<string, long> Rows, IReadOnlyList<PlannedFill> Fills)> TraceAsync(
        CancellationToken cancellationToken = default)
    {
        var connection = _runner.Connection;
        await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
        var trace = (await _guard.TraceAsync(connection, [], [.. Compiled.All.Select(m => m.Id)], cancellationToken, always: true))!;
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in trace.Statements.SelectMany(s => s.Tables).Select(t => t.Table).Distinct())
        {
            rows[table] = await _guard.RowsAsync(connection, table, cancellationToken, quoted: true);
        }
        // The fills of the migrations still to run: those applied changed their rows already.
        var pending = (await ReadStateAsync(cancellationToken)).Pending.Select(m => m.Id);
        return (trace, rows, await PlannedFills.CountAsync(connection, Compiled, pending, cancellationToken));
    }

    private static string PreviousApplied(MigrationState state, string id)
    {
        var index = state.Applied.ToList().IndexOf(id);
        return index > 0 ? state.Applied[index - 1] : Revision.Base;
    }
}
