using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using VidaPlus.Data.Deploys;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The migration engine, each part a service as EF Core's migrator has them: the compiled migrations, the head
    /// check, the records, the lock, the lock-timeout retries, the runner and the <see cref="MigrationService"/> facade,
    /// scoped over the <see cref="VidaPlusDbContext"/> the caller registers (its connection is the one migrated).
    /// <see cref="LockWaitOptions"/>, <see cref="UnsafeMigrationOptions"/>, <see cref="ContractOptions"/>, <see cref="MigrationProgress"/> and
    /// <see cref="TimeProvider"/> are the defaults unless registered before.
    /// </summary>
    public static IServiceCollection AddVidaPlusMigrationEngine(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(LockWaitOptions.Default);
        services.TryAddSingleton(UnsafeMigrationOptions.Default);
        services.TryAddSingleton(ContractOptions.Default);
        services.TryAddSingleton<MigrationProgress>();
        // VidaPlus's own, without resolving the context (the head check runs before EF Core starts); a test that
        // registers a context with migrations of its own registers their CompiledMigrations.For(context) first.
        services.TryAddSingleton(_ => CompiledMigrations.VidaPlus);
        services.TryAddScoped<HeadCheck>();
        services.TryAddScoped<MigrationRecords>();
        services.TryAddSingleton<MigrationLocker>();
        services.TryAddSingleton<LockRetry>();
        services.TryAddScoped<MigrationRunner>();
        services.TryAddScoped<UnsafeMigrationGuard>();
        services.TryAddScoped(provider => new MigrationService(
            provider.GetRequiredService<VidaPlusDbContext>(), provider.GetRequiredService<CompiledMigrations>(),
            provider.GetRequiredService<MigrationRecords>(), provider.GetRequiredService<MigrationRunner>(),
            provider.GetRequiredService<HeadCheck>(), provider.GetRequiredService<LockRetry>(), provider.GetRequiredService<UnsafeMigrationGuard>(),
            provider.GetRequiredService<LockWaitOptions>(), provider.GetRequiredService<ContractOptions>(),
            provider.GetRequiredService<ILogger<MigrationService>>()));
        return services;
    }
}
