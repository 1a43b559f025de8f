using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Migrating;

/// <summary>One migration applied or reverted, with its time.</summary>
public sealed record MigrationStep(string Id, TimeSpan Duration);

/// <summary>One pending migration tried in a dry run: how long it took, or why it failed.</summary>
public sealed record DryRunStep(string Id, TimeSpan Duration, string? Error);

/// <summary>What an upgrade or downgrade did: from which revision to which, step by step.</summary>
public sealed record MigrationRun(string From, string To, IReadOnlyList<MigrationStep> Steps);

/// <summary>A problem <c>db check</c> reports, with what to do about it.</summary>
/// <param name="Code">model-changes, unknown-revision, out-of-order, changed-migration, no-record, drift,
/// unsafe-migration (a pending one) or behind.</param>
public sealed record CheckProblem(string Code, string Message);

/// <summary>
/// Everything an Alembic user does to a database, on EF Core's migrator: resolves targets (head, base, an id or a
/// name, +N, -N), upgrades and downgrades one migration at a time (each in its own transaction, as EF Core runs
/// them) under one advisory lock, stamps, scripts and checks. Targets and state are validated before anything runs.
/// </summary>
public sealed class MigrationService(VidaPlusDbContext db, MigrationOptions? options = null, ILogger? logger = null)
{
    private readonly MigrationOptions _options = options ?? MigrationOptions.Default;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly MigrationRecords _records = new(db);

    /// <summary>The revision of an empty history, as Alembic calls it.</summary>
    public const string Base = "base";
    public const string Head = "head";

    // Built on first use: it starts EF Core's services, which a check that finds nothing to do can skip.
    private readonly Lazy<MigrationCatalog> _catalog = new(() => new MigrationCatalog(db));

    public MigrationCatalog Catalog => _catalog.Value;

    public async Task<MigrationState> ReadStateAsync(CancellationToken cancellationToken = default) =>
        new(Catalog.Migrations, [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)]);

    /// <summary>Applies pending migrations up to <paramref name="target"/>: head, an id or name, or +N.</summary>
    public Task<MigrationRun> UpgradeAsync(
        string target, Action<MigrationStep>? onStep = null, CancellationToken cancellationToken = default)
    {
        ValidateEarly(target, allowBase: false);
        return RunLockedAsync(state =>
        {
            var id = ResolveUpgradeTarget(target, state);
            if (state.IsApplied(id) && id != state.Current)
            {
                throw new MigrationTargetException(
                    $"{id} is behind the current revision {state.Current}: use `db downgrade {Name(id)}` to go back.");
            }
            return Task.FromResult<List<(string, string)>>([.. state.Pending.TakeWhile(m => string.CompareOrdinal(m.Id, id) <= 0).Select(m => (m.Id, m.Id))]);
        }, onStep, cancellationToken);
    }

    /// <summary>
    /// Runs the pending migrations up to <paramref name="target"/> for real, against the real data, inside one
    /// transaction that is then rolled back (PostgreSQL DDL is transactional): what would succeed, how long each
    /// took, and the first failure. Nothing is changed. Refuses migrations that cannot run inside a transaction.
    /// </summary>
    public async Task<IReadOnlyList<DryRunStep>> DryRunAsync(string target, CancellationToken cancellationToken = default)
    {
        ValidateEarly(target, allowBase: false);
        await using var migrationLock = await LockAsync(cancellationToken);
        var state = await ReadStateAsync(cancellationToken);
        RefuseUnknown(state);
        var id = ResolveUpgradeTarget(target, state);
        var pending = state.Pending.TakeWhile(m => string.CompareOrdinal(m.Id, id) <= 0).ToList();
        foreach (var migration in pending)
        {
            var operations = Catalog.Create(migration).UpOperations;
            if (operations.Any(o => o is SqlOperation { SuppressTransaction: true } || o["Npgsql:CreatedConcurrently"] is true))
            {
                throw new MigrationStateException(
                    $"{migration.Id} cannot run inside a transaction (CONCURRENTLY or suppressTransaction), so it cannot be dry-run. Nothing was changed.");
            }
        }

        var migrator = db.GetService<IMigrator>();
        var steps = new List<DryRunStep>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await SetLockTimeoutAsync(transactionOnly: true, cancellationToken);
            var previous = state.Applied.Count > 0 ? state.Applied[^1] : Migration.InitialDatabase;
            foreach (var migration in pending)
            {
                var sql = migrator.GenerateScript(previous, migration.Id, MigrationsSqlGenerationOptions.NoTransactions);
                var clock = Stopwatch.StartNew();
                try
                {
                    // Plain ADO: EF's raw-SQL API would read braces in the script as format placeholders.
                    await using var command = db.Database.GetDbConnection().CreateCommand();
                    command.Transaction = transaction.GetDbTransaction();
                    command.CommandText = sql;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException e)
                {
                    steps.Add(new DryRunStep(migration.Id, clock.Elapsed, $"{e.SqlState}: {e.MessageText}"));
                    break;
                }
                steps.Add(new DryRunStep(migration.Id, clock.Elapsed, null));
                previous = migration.Id;
            }
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        return steps;
    }

    /// <summary>Reverts applied migrations down to <paramref name="target"/>: base, an id or name, or -N. Refuses,
    /// before changing anything, when that would drop a table or column holding data, unless <paramref name="allowDataLoss"/>.</summary>
    public Task<MigrationRun> DowngradeAsync(
        string target, Action<MigrationStep>? onStep = null, bool allowDataLoss = false, CancellationToken cancellationToken = default)
    {
        ValidateEarly(target, allowBase: true);
        return RunLockedAsync(async state =>
        {
            var id = ResolveDowngradeTarget(target, state);
            if (id != Migration.InitialDatabase && !state.IsApplied(id))
            {
                throw new MigrationTargetException(
                    $"{id} is not applied (the database is at {state.Current}): use `db upgrade {Name(id)}` to go forward.");
            }
            var reverted = state.Applied.Where(a => string.CompareOrdinal(a, id) > 0).Reverse().ToList();
            if (!allowDataLoss)
            {
                var downs = reverted.SelectMany(a => Catalog.Create(a).DownOperations);
                var losses = await DataLossGuard.FindAsync(db, downs, cancellationToken);
                if (losses.Count > 0)
                {
                    throw new DataLossException(losses);
                }
            }
            // Each step reverts one migration: EF's target is the applied migration before it.
            return [.. reverted.Select(a => (a, PreviousApplied(state, a)))];
        }, onStep, cancellationToken);
    }

    /// <summary>Records <paramref name="target"/> as the current revision without running any migration. With
    /// <paramref name="recordOnly"/>, leaves the history alone and only records the checksums of applied migrations
    /// that have none (applied by `dotnet ef` or a SQL script).</summary>
    public async Task<MigrationRun> StampAsync(string target, bool recordOnly = false, CancellationToken cancellationToken = default)
    {
        if (!recordOnly)
        {
            ValidateEarly(target, allowBase: true);
        }
        await using var migrationLock = await LockAsync(cancellationToken);
        var state = await ReadStateAsync(cancellationToken);
        RefuseUnknown(state);
        if (recordOnly)
        {
            var records = await _records.ReadAsync(cancellationToken);
            foreach (var id in state.Applied.Where(a => !records.ContainsKey(a)))
            {
                await _records.RecordAsync(id, Checksum(id), TimeSpan.Zero, cancellationToken);
            }
            return new MigrationRun(state.Current, state.Current, []);
        }
        var targetId = ResolveStampTarget(target, state);
        var wanted = Catalog.Migrations.TakeWhile(m => targetId != Migration.InitialDatabase && string.CompareOrdinal(m.Id, targetId) <= 0)
            .Select(m => m.Id).ToList();
        var history = db.GetService<IHistoryRepository>();
        var sql = string.Concat(
            state.Applied.Except(wanted).Select(history.GetDeleteScript)
                .Concat(wanted.Except(state.Applied).Select(m => history.GetInsertScript(new HistoryRow(m, ProductInfo.GetVersion())))));
        await history.CreateIfNotExistsAsync(cancellationToken);
        if (sql.Length > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        foreach (var id in state.Applied.Except(wanted))
        {
            await _records.RemoveAsync(id, cancellationToken);
        }
        foreach (var id in wanted.Except(state.Applied))
        {
            await _records.RecordAsync(id, Checksum(id), TimeSpan.Zero, cancellationToken);
        }
        return new MigrationRun(state.Current, wanted.Count > 0 ? wanted[^1] : Base, []);
    }

    /// <summary>What VidaPlus recorded of each applied migration; applied migrations without a record are absent.</summary>
    public Task<IReadOnlyDictionary<string, MigrationRecord>> ReadRecordsAsync(CancellationToken cancellationToken = default) =>
        _records.ReadAsync(cancellationToken);

    /// <summary>Applied migrations whose code no longer matches the checksum recorded when they ran.</summary>
    public async Task<IReadOnlyList<(string Id, MigrationRecord Record, string Now)>> ChangedAsync(
        MigrationState state, CancellationToken cancellationToken = default) =>
        Changed(state, await _records.ReadAsync(cancellationToken));

    private IReadOnlyList<(string Id, MigrationRecord Record, string Now)> Changed(
        MigrationState state, IReadOnlyDictionary<string, MigrationRecord> records) =>
        [.. state.Applied.Where(id => records.ContainsKey(id) && state.Known.Any(m => m.Id == id))
            .Select(id => (id, records[id], Checksum(id)))
            .Where(x => x.Item2.Checksum != x.Item3)];

    private string Checksum(string id) => MigrationChecksum.Compute(Catalog.Create(id));

    /// <summary>The SQL from one revision to another, without a database. Each is base, head, an id or a name;
    /// FROM may also be +N (after base) or -N (before head), and TO +N or -N counted from FROM.</summary>
    public string Script(string from, string to, bool idempotent)
    {
        var fromIndex = Required(from)[0] switch
        {
            '+' => Offset(from, -1),
            '-' => Offset(from, Catalog.Migrations.Count - 1),
            _ => IndexOf(Resolve(from, allowBase: true)),
        };
        var toIndex = Required(to)[0] is '+' or '-' ? Offset(to, fromIndex) : IndexOf(Resolve(to, allowBase: true));
        return db.GetService<IMigrator>().GenerateScript(IdAt(fromIndex), IdAt(toIndex),
            idempotent ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default);
    }

    /// <summary>What the lint rules find in every migration's Up(), oldest first.</summary>
    public IReadOnlyList<LintFinding> Lint() =>
        [.. Catalog.Migrations.SelectMany(m => MigrationLinter.Lint(Catalog.Create(m), m.Id))];

    /// <summary>Every reason the database and this build are not in step; empty when all is well.</summary>
    /// <param name="allowedDrift">Schema objects (as <see cref="SchemaDifference.Object"/> names them) added on purpose, with why.</param>
    public async Task<IReadOnlyList<CheckProblem>> CheckAsync(
        IReadOnlyDictionary<string, string>? allowedDrift = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<CheckProblem>();
        if (db.Database.HasPendingModelChanges())
        {
            problems.Add(new("model-changes",
                "The model has changes that no migration captures: run `dotnet ef migrations add NAME --project VidaPlus.Data`, review it, commit it."));
        }
        var state = await ReadStateAsync(cancellationToken);
        problems.AddRange(state.Unknown.Select(id => new CheckProblem("unknown-revision",
            $"Can't locate revision {id}: the database has it applied but this build does not know it (the database is newer " +
            "than this code, or the migration file was deleted). Deploy the build that has it, or restore the file.")));
        problems.AddRange(state.OutOfOrder.Select(o => new CheckProblem("out-of-order",
            $"Pending migration {o.Pending.Id} sorts before {o.NewerApplied}, which is already applied: two branches each " +
            $"added a migration. Regenerate {o.Pending.Name} on top: `dotnet ef migrations remove` it (with the model change kept) " +
            "and `dotnet ef migrations add` it again.")));
        var records = await _records.ReadAsync(cancellationToken);
        foreach (var (id, record, _) in Changed(state, records))
        {
            problems.Add(new("changed-migration",
                $"Applied migration {id} was edited after it ran (applied {record.AppliedAt:yyyy-MM-dd HH:mm:ss}Z by {record.AppVersion}; " +
                "its checksum no longer matches). Restore it as it was and put the change in a new migration."));
        }
        problems.AddRange(state.Applied.Where(id => !records.ContainsKey(id) && state.Known.Any(m => m.Id == id))
            .Select(id => new CheckProblem("no-record",
                $"Applied migration {id} has no VidaPlus record (applied by `dotnet ef` or a SQL script): run `db stamp --record-only` to record it as it is now.")));
        if (state.Unknown.Count == 0)
        {
            var expected = state.Applied.Count == 0
                ? new DatabaseSchema([], [])
                : ModelSchema.From(Catalog.TargetModel(Catalog.Find(state.Current))!.Model);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            DatabaseSchema actual;
            try
            {
                actual = (await SchemaReader.ReadAsync(connection, cancellationToken: cancellationToken))
                    .WithoutTable(HistoryRepository.DefaultTableName).WithoutTable(MigrationRecords.TableName);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            problems.AddRange(SchemaComparer.Compare(expected, actual)
                .Where(d => allowedDrift is null || !allowedDrift.ContainsKey(d.Object))
                .Select(d => new CheckProblem("drift", $"Schema drift at {state.Current}: {d}. Remove it, or capture it in a migration, or allow it in the drift allow-list with a reason.")));
        }
        var pendingIds = state.Pending.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(Lint().Where(f => f.IsProblem && pendingIds.Contains(f.Migration))
            .Select(f => new CheckProblem("unsafe-migration", f.ToString())));
        var behind = state.Pending.Where(p => state.OutOfOrder.All(o => o.Pending != p)).ToList();
        if (behind.Count > 0)
        {
            problems.Add(new("behind",
                $"The database is behind: {behind.Count} pending migration(s) ({string.Join(", ", behind.Select(m => m.Id))}). Run `db upgrade`."));
        }
        return problems;
    }

    internal string ResolveUpgradeTarget(string target, MigrationState state) =>
        Required(target).StartsWith('+')
            ? state.Pending[StepCount(target, state.Pending.Count, "pending") - 1].Id
            : Resolve(target, allowBase: false);

    internal string ResolveDowngradeTarget(string target, MigrationState state)
    {
        if (Required(target).StartsWith('-'))
        {
            var n = StepCount(target, state.Applied.Count, "applied");
            return n == state.Applied.Count ? Migration.InitialDatabase : state.Applied[state.Applied.Count - 1 - n];
        }
        return target.Equals(Head, StringComparison.OrdinalIgnoreCase)
            ? throw new MigrationTargetException("`db downgrade head` goes nowhere: give base, -N, or a migration's id or name.")
            : Resolve(target, allowBase: true);
    }

    private string ResolveStampTarget(string target, MigrationState state) => Required(target)[0] switch
    {
        '+' => ResolveUpgradeTarget(target, state),
        '-' => ResolveDowngradeTarget(target, state),
        _ => Resolve(target, allowBase: true),
    };

    private static string Required(string target) =>
        string.IsNullOrWhiteSpace(target) ? throw new MigrationTargetException("The target is empty: give head, base, an id or name, +N or -N.") : target.Trim();

    // head, base, a full id or a name (case-insensitive, unique). Returns an id, or "0" for base.
    private string Resolve(string target, bool allowBase)
    {
        if (target.Equals(Head, StringComparison.OrdinalIgnoreCase))
        {
            return Catalog.Migrations.Count > 0 ? Catalog.Migrations[^1].Id : Migration.InitialDatabase;
        }
        if (target.Equals(Base, StringComparison.OrdinalIgnoreCase) || target == Migration.InitialDatabase)
        {
            return allowBase
                ? Migration.InitialDatabase
                : throw new MigrationTargetException("`db upgrade base` goes nowhere: use `db downgrade base`.");
        }
        var matches = Catalog.Migrations
            .Where(m => m.Id.Equals(target, StringComparison.OrdinalIgnoreCase) || m.Name.Equals(target, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new MigrationTargetException(
                $"Unknown revision '{target}'. Known: {string.Join(", ", Catalog.Migrations.Select(m => m.Name))}, head, base."),
            _ => throw new MigrationTargetException(
                $"'{target}' names {matches.Count} migrations ({string.Join(", ", matches.Select(m => m.Id))}): give the full id."),
        };
    }

    // The N of +N or -N, when at most `available` steps can be taken (`what` says of which).
    private static int StepCount(string target, int available, string what)
    {
        if (!int.TryParse(target.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new MigrationTargetException($"'{target}' is not a step count: use {target[0]}1, {target[0]}2...");
        }
        return n <= available
            ? n
            : throw new MigrationTargetException(
                $"'{target}' goes past {(target[0] == '+' ? "head" : "base")}: only {available} migration(s) {what}, so {target[0]}{available} at most. Nothing was changed.");
    }

    // Positions in the migration list, with -1 for base.
    private int IndexOf(string id) => id == Migration.InitialDatabase ? -1 : Catalog.Migrations.ToList().FindIndex(m => m.Id == id);

    private string IdAt(int index) => index < 0 ? Migration.InitialDatabase : Catalog.Migrations[index].Id;

    // +N / -N steps from a position, staying within base..head.
    private int Offset(string target, int start)
    {
        var forward = target[0] == '+';
        var available = forward ? Catalog.Migrations.Count - 1 - start : start + 1;
        var n = StepCount(target, available, $"{(forward ? "after" : "before")} {(start < 0 ? Base : IdAt(start))}");
        return forward ? start + n : start - n;
    }

    // A target that names a revision is checked before connecting: a typo is a usage error even with no database.
    private void ValidateEarly(string target, bool allowBase)
    {
        if (Required(target)[0] is not ('+' or '-') && !target.Equals(Head, StringComparison.OrdinalIgnoreCase))
        {
            Resolve(target, allowBase);
        }
    }

    private async Task<MigrationRun> RunLockedAsync(
        Func<MigrationState, Task<List<(string Migration, string EfTarget)>>> plan, Action<MigrationStep>? onStep,
        CancellationToken cancellationToken)
    {
        await using var migrationLock = await LockAsync(cancellationToken);
        // Read after taking the lock: another process may have migrated while this one waited.
        var state = await ReadStateAsync(cancellationToken);
        RefuseUnknown(state);
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
            foreach (var (migration, efTarget) in steps)
            {
                var clock = Stopwatch.StartNew();
                await MigrateWithLockRetriesAsync(migrator, migration, efTarget, current, cancellationToken);
                current = efTarget == Migration.InitialDatabase ? Base : efTarget;
                var step = new MigrationStep(migration, clock.Elapsed);
                // Recorded once the migration has committed: a crash in between leaves "no record", which
                // `db check` reports and `db stamp --record-only` repairs.
                if (efTarget == migration)
                {
                    await _records.RecordAsync(migration, Checksum(migration), step.Duration, cancellationToken);
                }
                else
                {
                    await _records.RemoveAsync(migration, cancellationToken);
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

    private Task<MigrationLock> LockAsync(CancellationToken cancellationToken) =>
        MigrationLock.AcquireAsync((NpgsqlConnection)db.Database.GetDbConnection(), cancellationToken);

    // lock_timeout on the open connection: for its current transaction only, or for the session.
    private async Task SetLockTimeoutAsync(bool transactionOnly, CancellationToken cancellationToken)
    {
        var milliseconds = $"{(long)_options.LockTimeout.TotalMilliseconds}ms";
        await db.Database.ExecuteSqlAsync($"SELECT set_config('lock_timeout', {milliseconds}, {transactionOnly})", cancellationToken);
    }

    // A migration that timed out waiting for a lock rolled back whole, so it is safe to try again after a pause.
    private async Task MigrateWithLockRetriesAsync(
        IMigrator migrator, string migration, string efTarget, string current, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(efTarget, cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (LockTimeoutIn(e) is not { } timeout)
                {
                    throw new MigrationFailedException(migration, current, e);
                }
                var tables = string.Join(", ", TablesLocked(migration, up: efTarget == migration));
                if (attempt > _options.LockRetries)
                {
                    throw new MigrationFailedException(migration, current, new TimeoutException(
                        $"Gave up after {attempt} tries, each waiting {_options.LockTimeout.TotalSeconds:0.###} s for a lock on {tables} ({timeout.MessageText}). " +
                        "Another transaction holds a conflicting lock (see pg_locks and pg_stat_activity): retry when it ends, " +
                        $"or raise {MigrationOptions.LockTimeoutVariable}.", e));
                }
                _logger.LogWarning("Migration {Migration} timed out waiting for a lock on {Tables}; try {Attempt} of {Tries} in {Pause} ms",
                    migration, tables, attempt + 1, _options.LockRetries + 1, (int)pause.TotalMilliseconds);
                await Task.Delay(pause, cancellationToken);
                pause *= 2;
            }
        }
    }

    // The tables a migration's operations lock: the one each acts on, and the one a foreign key points to.
    private IEnumerable<string> TablesLocked(string migration, bool up)
    {
        var instance = Catalog.Create(migration);
        return (up ? instance.UpOperations : instance.DownOperations)
            .SelectMany(o => new[] { "Table", "PrincipalTable" }.Select(p => o.GetType().GetProperty(p)?.GetValue(o) as string)
                .Append(o is DropTableOperation or RenameTableOperation ? o.GetType().GetProperty("Name")!.GetValue(o) as string : null))
            .OfType<string>()
            .Distinct();
    }

    private static PostgresException? LockTimeoutIn(Exception? e) =>
        e is null ? null : e is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } pg ? pg : LockTimeoutIn(e.InnerException);

    internal static void RefuseUnknown(MigrationState state)
    {
        if (state.Unknown.Count > 0)
        {
            throw new MigrationStateException(
                $"Can't locate revision {string.Join(", ", state.Unknown)}: the database has migrations this build does not know " +
                "(it is newer than this code, or a migration file was deleted). Nothing was changed. See `db check`.");
        }
    }

    private static string PreviousApplied(MigrationState state, string id)
    {
        var index = state.Applied.ToList().IndexOf(id);
        return index > 0 ? state.Applied[index - 1] : Migration.InitialDatabase;
    }

    private string Name(string id) => Catalog.Migrations.FirstOrDefault(m => m.Id == id)?.Name ?? id;
}
