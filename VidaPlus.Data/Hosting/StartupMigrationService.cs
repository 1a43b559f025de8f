using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Roles;

namespace VidaPlus.Data.Hosting;

/// <summary>
/// Runs <see cref="StartupMigrator"/> once the host has started, so that the process answers its liveness probe while
/// it waits for the database or the migration lock, or migrates: an orchestrator tells busy from hung. Until it is
/// done, <see cref="StartupState"/> keeps every request but the health probes at 503. A failure is one line, and stops
/// the host with the exit code it calls for; so is a stop (SIGTERM) in the middle, after the migration rolled back.
/// </summary>
internal sealed class StartupMigrationService(
    IServiceScopeFactory scopes, StartupState state, VidaPlusSettings settings, ServingRoleHealth role, IHostApplicationLifetime lifetime,
    ILogger<StartupMigrationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartupMigrator.RunAsync(scopes, stoppingToken);
            await CheckServingRoleAsync(stoppingToken);
            state.Succeeded();
        }
        catch (OperationCanceledException e) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogCritical("Stopped during startup: {Reason}",
                e is Engine.MigrationInterruptedException ? e.Message : "no migration was running when it stopped (see `db current`).");
            state.Failed(e);
        }
        catch (Exception e)
        {
            logger.LogCritical("Cannot start: {Reason}", e.Message.ReplaceLineEndings(" "));
            logger.LogDebug(e, "Startup failure in full");
            state.Failed(e);
            lifetime.StopApplication();
        }
    }

    // A serving role that can change the schema turns a bug or an injection into DDL, and one lacking a right fails
    // every request that needs it: each said once, at each start (readiness goes on saying the second).
    private async Task CheckServingRoleAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(settings.Database.ConnectionString);
        if (await ServingRole.SchemaPowersAsync(connection, cancellationToken) is { } powers)
        {
            logger.LogWarning(
                "DATABASE_URL's role {Role} {Powers}: the API could change the schema. Serve as a role given only what it needs " +
                "(`db grant ROLE`) and migrate with MIGRATION_DATABASE_URL (docs/operations.md, Roles)", settings.Database.Username, powers);
        }
        else if (await ServingRole.MissingAsync(connection, settings.Database.Username!, cancellationToken) is { Count: > 0 } missing)
        {
            logger.LogWarning("DATABASE_URL's role {Role} lacks {Missing}: requests on them fail. Run `db grant {Role}` as the role that migrates",
                settings.Database.Username, string.Join(", ", missing), settings.Database.Username);
            role.Refused();
        }
    }
}
