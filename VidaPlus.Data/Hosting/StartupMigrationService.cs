using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VidaPlus.Data.Hosting;

/// <summary>
/// Runs <see cref="StartupMigrator"/> in the host's Starting phase, which completes before any hosted service
/// starts, Kestrel included: no request ever meets a half-migrated schema. A failure stops the host.
/// </summary>
internal sealed class StartupMigrationService(IServiceScopeFactory scopes) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StartupMigrator>().RunAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
