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
            designTimeModel, contextOptions, executionStrategy) =>
        _currentContext = currentContext;

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

    // In a script, each step of a migration of several is marked, so that a DBA running it by hand sees where each step
    // begins and can go on from any of them. An idempotent script guards each statement with a DO block, where CREATE
    // INDEX CONCURRENTLY, VALIDATE in a transaction of its own and a backfill's batches cannot run: refused, naming the
    // migration and what to do instead.
    protected override IReadOnlyList<MigrationCommand> GenerateUpSql(Migration migration, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default) =>
        Scriptable(migration, base.GenerateUpSql(migration, options), options);

    protected override IReadOnlyList<MigrationCommand> GenerateDownSql(
        Migration migration, Migration? previousMigration, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default) =>
        Scriptable(migration, base.GenerateDownSql(migration, previousMigration, options), options);

    private IReadOnlyList<MigrationCommand> Scriptable(Migration migration, IReadOnlyList<MigrationCommand> commands, MigrationsSqlGenerationOptions options)
    {
        if (!options.HasFlag(MigrationsSqlGenerationOptions.Script))
        {
            return commands;
        }
        if (options.HasFlag(MigrationsSqlGenerationOptions.Idempotent) && commands.Take(commands.Count - 1).Any(c => c.TransactionSuppressed))
        {
            throw new MigrationTargetException(
                $"An idempotent script cannot hold {migration.GetId()}: its online steps (CONCURRENTLY, VALIDATE, a backfill) cannot run " +
                "inside the DO block that guards each statement. Script the range from the database's revision without --idempotent " +
                "(`db current` names it): each online step there is written to be run again.");
        }
        var plan = StepPlan.Of(commands);
        if (plan.Steps.Count < 2)
        {
            return commands;
        }
        var firsts = plan.Steps.ToDictionary(s => s.Commands[0], s => s);
        var context = _currentContext.Context;
        return [.. commands.Select(c => firsts.TryGetValue(c, out var step)
            ? new MigrationCommand(context.GetService<IRawSqlCommandBuilder>().Build(
                    $"-- {migration.GetId()}: step {step.Number} of {plan.Steps.Count} ({(step.Kind == StepKind.Online ? "online, on its own" : "one transaction")})\n" +
                    c.CommandText),
                context, c.CommandLogger, c.TransactionSuppressed)
            : c)];
    }

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
