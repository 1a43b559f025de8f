using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Hosting;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>The health check tag of the schema-at-head check: map it on the readiness endpoint.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Everything a host needs of the VidaPlus database: the settings (from <paramref name="configuration"/>), the
    /// context, the migration service, the migration that runs before the host serves, and the readiness check.
    /// </summary>
    public static IHealthChecksBuilder AddVidaPlusDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new VidaPlusSettings(configuration));
        services.AddDbContext<VidaPlusDbContext>((provider, options) =>
            options.UseVidaPlusPostgres(provider.GetRequiredService<VidaPlusSettings>().Database.ConnectionString));
        services.AddScoped(provider => new MigrationService(
            provider.GetRequiredService<VidaPlusDbContext>(),
            provider.GetRequiredService<VidaPlusSettings>().LockWait,
            provider.GetRequiredService<ILogger<MigrationService>>()));
        services.AddScoped<StartupMigrator>();
        services.AddSingleton<StartupState>();
        services.AddHostedService<StartupMigrationService>();
        return services.AddHealthChecks().AddCheck<SchemaReadyCheck>("schema", tags: [ReadyTag]);
    }
}
