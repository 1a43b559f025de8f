using VidaPlus.Data.Migrating;

namespace VidaPlus.Api.Startup;

/// <summary>
/// Runs <see cref="StartupMigrator"/> in the host's Starting phase, which completes before any hosted service
/// starts, Kestrel included: no request ever meets a half-migrated schema. A failure stops the host. A database
/// already at head is recognised by <see cref="HeadCheck"/> without building the EF Core model.
/// </summary>
internal sealed class StartupMigrationService(IServiceScopeFactory scopes, ApiSettings settings, ILogger<StartupMigrationService> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Every restart and scale-out pays this: when nothing is to be done, one query decides it.
        if (await HeadCheck.IsCleanAtHeadAsync(settings.Database.ConnectionString, cancellationToken))
        {
            logger.LogInformation("Database {Database} is at head; nothing to migrate", settings.Database);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StartupMigrator>()
            .RunAsync(settings.Startup, settings.Database.ToString(), cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
