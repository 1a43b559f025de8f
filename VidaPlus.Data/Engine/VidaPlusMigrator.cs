using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Integrity;

namespace VidaPlus.Data.Engine;

/// <summary>
/// EF Core's migrator, with every request to migrate that does not come from the engine itself (`dotnet ef database
/// update`, a migrations bundle, <c>Database.Migrate()</c>) sent through the engine: the same migration lock as the API and
/// `db upgrade`, the same refusals (unsafe on a big table, data loss on the way down, an Alembic database to adopt first),
/// lock timeouts and retries, and the same resumption of an interrupted migration. The engine then calls this migrator
/// once per migration (<see cref="EngineRun"/>), which migrates as Npgsql's migrator does (it reloads the connection's
/// types after a migration that adds an enum, without which the first write of one fails).
/// </summary>
#pragma warning disable EF1001 // EF Core's migrator is public but marked internal API; it is the one to extend.
internal sealed class VidaPlusMigrator : NpgsqlMigrator
{
    private readonly IMigrationsAssembly _migrationsAssembly;
    private readonly RecordingHistoryRepository _history;
    private readonly IRawSqlCommandBuilder _rawSqlCommandBuilder;
    private readonly IRelationalCommandDiagnosticsLogger _commandLogger;
    private readonly ICurrentDbContext _currentContext;

    public VidaPlusMigrator(
        IMigrationsAssembly migrationsAssembly, IHistoryRepository historyRepository, IDatabaseCreator databaseCreator,
        IMigrationsSqlGenerator migrationsSqlGenerator, IRawSqlCommandBuilder rawSqlCommandBuilder, IMigrationCommandExecutor migrationCommandExecutor,
        IRelationalConnection connection, ISqlGenerationHelper sqlGenerationHelper, ICurrentDbContext currentContext,
        IModelRuntimeInitializer modelRuntimeInitializer, IDiagnosticsLogger<DbLoggerCategory.Migrations> logger,
        IRelationalCommandDiagnosticsLogger commandLogger, IDatabaseProvider databaseProvider, IMigrationsModelDiffer migrationsModelDiffer,
        IDesignTimeModel designTimeModel, IDbContextOptions contextOptions, IExecutionStrategy executionStrategy)
        : base(migrationsAssembly, historyRepository, databaseCreator, migrationsSqlGenerator, rawSqlCommandBuilder, migrationCommandExecutor,
            connection, sqlGenerationHelper, currentContext, modelRuntimeInitializer, logger, commandLogger, databaseProvider, migrationsModelDiffer,
            designTimeModel, contextOptions, executionStrategy)
    {
        _migrationsAssembly = migrationsAssembly;
        _history = historyRepository as RecordingHistoryRepository
            ?? throw new InvalidOperationException($"VidaPlus's migrator needs its own history repository, not {historyRepository.GetType().Name}.");
        _rawSqlCommandBuilder = rawSqlCommandBuilder;
        _commandLogger = commandLogger;
        _currentContext = currentContext;
    }

    public override void Migrate(string? targetMigration)
    {
        if (EngineRun.Active)
        {
            base.Migrate(targetMigration);
            return;
        }
        ThroughEngineAsync(targetMigration, CancellationToken.None).GetAwaiter().GetResult();
    }

    public override Task MigrateAsync(string? targetMigration, CancellationToken cancellationToken = default) =>
        EngineRun.Active ? base.MigrateAsync(targetMigration, cancellationToken) : ThroughEngineAsync(targetMigration, cancellationToken);

    // In a script, each step of a migration of several is marked where it begins and recorded as the engine records it
    // (ScriptedSteps), so that a DBA running it by hand can go on from any step, and the engine after them.
    protected override IReadOnlyList<MigrationCommand> GenerateUpSql(Migration migration, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default) =>
        options.HasFlag(MigrationsSqlGenerationOptions.Script)
            ? [.. Scripted(migration, MigrationDirection.Up, base.GenerateUpSql(migration, options), base.GenerateUpSql(migration)).SelectMany(p => p.Commands)]
            : base.GenerateUpSql(migration, options);

    protected override IReadOnlyList<MigrationCommand> GenerateDownSql(
        Migration migration, Migration? previousMigration, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default) =>
        options.HasFlag(MigrationsSqlGenerationOptions.Script)
            ? [.. Scripted(migration, MigrationDirection.Down, base.GenerateDownSql(migration, previousMigration, options),
                base.GenerateDownSql(migration, previousMigration)).SelectMany(p => p.Commands)]
            : base.GenerateDownSql(migration, previousMigration, options);

    // EF Core's idempotent script guards each statement with a DO block, where CREATE INDEX CONCURRENTLY cannot run; this
    // one guards each migration, and each step, with psql's \if on the records (IdempotentScript). Which migrations it
    // holds is decided as EF Core decides it.
    public override string GenerateScript(
        string? fromMigration = null, string? toMigration = null, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
    {
        if (!options.HasFlag(MigrationsSqlGenerationOptions.Idempotent))
        {
            return base.GenerateScript(fromMigration, toMigration, options);
        }
        options = (options | MigrationsSqlGenerationOptions.Script) & ~MigrationsSqlGenerationOptions.Idempotent;
        var from = string.IsNullOrEmpty(fromMigration) || fromMigration == Migration.InitialDatabase ? null : _migrationsAssembly.GetMigrationId(fromMigration);
        PopulateMigrations(
            from is null ? [] : _migrationsAssembly.Migrations.Keys.Where(k => string.Compare(k, from, StringComparison.OrdinalIgnoreCase) <= 0),
            toMigration, out var data);
        var script = IdempotentScript.Begin(from is null ? _history.GetCreateIfNotExistsScript() : "",
            options.HasFlag(MigrationsSqlGenerationOptions.NoTransactions));
        for (var i = 0; i < data.RevertedMigrations.Count; i++)
        {
            var migration = data.RevertedMigrations[i];
            var previous = i != data.RevertedMigrations.Count - 1 ? data.RevertedMigrations[i + 1] : data.TargetMigration;
            script.Add(migration.GetId(), MigrationDirection.Down, Scripted(migration, MigrationDirection.Down,
                base.GenerateDownSql(migration, previous, options), base.GenerateDownSql(migration, previous)), _history.AppliedSql(migration.GetId()));
        }
        foreach (var migration in data.AppliedMigrations)
        {
            script.Add(migration.GetId(), MigrationDirection.Up, Scripted(migration, MigrationDirection.Up,
                base.GenerateUpSql(migration, options), base.GenerateUpSql(migration)), _history.AppliedSql(migration.GetId()));
        }
        return script.ToString();
    }

    // The records carry the digest of the plan the engine runs (generated without the script's options), so that the
    // engine goes on from a script's records and a script from the engine's.
    private IReadOnlyList<ScriptPart> Scripted(Migration migration, MigrationDirection direction, IReadOnlyList<MigrationCommand> commands, IReadOnlyList<MigrationCommand> asRun) =>
        ScriptedSteps.Of(migration.GetId(), direction, commands, StepPlan.Of(asRun).Digest,
            (sql, suppressed) => new MigrationCommand(_rawSqlCommandBuilder.Build(sql), _currentContext.Context, _commandLogger, suppressed));

    // EF Core's target: null for the last migration, "0" for none, else a migration's id or name.
    private async Task ThroughEngineAsync(string? target, CancellationToken cancellationToken)
    {
        var context = (VidaPlusDbContext)_currentContext.Context;
        // The settings as the verbs read them (environment, then .env), here for the lock timeouts and limits.
        var settings = VidaPlusSettings.FromEnvironment();
        await using var services = new ServiceCollection()
            .AddSingleton(context.GetService<ILoggerFactory>())
            .AddSingleton(settings.LockWait)
            .AddSingleton(settings.UnsafeMigrations)
            .AddSingleton(settings.Contracts)
            .AddSingleton(CompiledMigrations.For(context))
            .AddSingleton(context)
            .AddVidaPlusMigrationEngine()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var engine = scope.ServiceProvider.GetRequiredService<MigrationService>();
        if (string.IsNullOrEmpty(target))
        {
            await engine.UpgradeAsync(Revision.Head, cancellationToken: cancellationToken);
            return;
        }
        if (target == Migration.InitialDatabase)
        {
            await engine.DowngradeAsync(Revision.Base, cancellationToken: cancellationToken);
            return;
        }
        var id = engine.Compiled.All.FirstOrDefault(m => m.Id == target || m.Name == target)?.Id ?? target;
        var state = await engine.ReadStateAsync(cancellationToken);
        if (state.IsApplied(id) && id != state.Current)
        {
            await engine.DowngradeAsync(id, cancellationToken: cancellationToken);
        }
        else
        {
            await engine.UpgradeAsync(id, cancellationToken: cancellationToken);
        }
    }
}
#pragma warning restore EF1001
