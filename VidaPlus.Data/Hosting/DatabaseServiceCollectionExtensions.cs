using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Deploys;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Hosting;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>The health check tag of the schema-at-head check: map it on the readiness endpoint.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Everything a host needs of the VidaPlus database: the settings (from <paramref name="configuration"/>), the
    /// context, the migration engine, the migration that runs before the host serves, and the readiness check.
    /// </summary>
    public static IHealthChecksBuilder AddVidaPlusDatabase(this IServiceCollection services, IConfiguration configuration) =>
        services.AddVidaPlusDatabase(new VidaPlusSettings(configuration));

    internal static IHealthChecksBuilder AddVidaPlusDatabase(this IServiceCollection services, VidaPlusSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(_ => settings.LockWait);
        services.AddSingleton(_ => settings.UnsafeMigrations);
        services.AddSingleton(_ => settings.Contracts);
        services.AddScoped<ScopeDatabase>();
        services.AddDbContext<VidaPlusDbContext>((provider, options) =>
            options.UseVidaPlusPostgres(provider.GetRequiredService<ScopeDatabase>().Url.ConnectionString));
        services.AddVidaPlusMigrationEngine();
        services.AddScoped<StartupMigrator>();
        services.AddSingleton<StartupState>();
        services.AddSingleton<ServingRoleHealth>();
        services.AddSingleton<ReadinessChanges>();
        // It logs every unhealthy probe at Error; ReadinessChanges logs each change once, failures of the check included.
        services.AddLogging(logging => logging.AddFilter(typeof(HealthCheckService).Namespace + ".DefaultHealthCheckService", LogLevel.Critical));
        services.AddHostedService<StartupMigrationService>();
        services.AddSingleton(provider => BuildIdentity.Of(provider.GetRequiredService<CompiledMigrations>()));
        services.AddHostedService<ServingHeartbeat>();
        return services.AddHealthChecks().AddCheck<SchemaReadyCheck>("schema", tags: [ReadyTag]);
    }
}
