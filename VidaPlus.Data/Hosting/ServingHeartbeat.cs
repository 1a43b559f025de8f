using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Deploys;

namespace VidaPlus.Data.Hosting;

/// <summary>
/// Once the API serves, says so in the database every <see cref="ContractOptions.Heartbeat"/>, with the migrations its
/// build knows (<see cref="ServingBuilds"/>), through DATABASE_URL; and takes it back when the host stops. So a contract
/// migration waits while this build serves without it. A failed word is logged and tried again at the next beat: the
/// API serves on regardless.
/// </summary>
internal sealed class ServingHeartbeat(
    StartupState startup, VidaPlusSettings settings, BuildIdentity build, ContractOptions options, TimeProvider time, ILogger<ServingHeartbeat> logger)
    : BackgroundService
{
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await startup.Completion.WaitAsync(stoppingToken);
        if (!startup.Serving)
        {
            return;
        }
        logger.LogInformation("Serving as {Instance} of build {Build} (head {Head})", build.Instance, build.Build, build.Head);
        while (!stoppingToken.IsCancellationRequested)
        {
            await BeatAsync(stoppingToken);
            await Task.Delay(options.Heartbeat, time, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (startup.Serving)
        {
            try
            {
                await using var connection = await OpenAsync(cancellationToken);
                await ServingBuilds.LeaveAsync(connection, build, cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
            {
                logger.LogWarning("Could not take back this process's record of serving ({Reason}); it stops counting after {Window}",
                    e.Message, options.Window);
            }
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            try
            {
                await ServingBuilds.SayServingAsync(connection, build, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // A database migrated before builds recorded themselves: made here when this role may (else by the next migration).
                await ServingBuilds.EnsureTableAsync(connection, cancellationToken);
                await ServingBuilds.SayServingAsync(connection, build, cancellationToken);
            }
            if (_failing)
            {
                logger.LogInformation("This process's record of serving is written again");
                _failing = false;
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            if (!_failing)
            {
                logger.LogWarning("Could not record that this process serves ({Reason}): a contract migration may run while it does. " +
                    "Tried again every {Heartbeat}", e.Message, options.Heartbeat);
            }
            _failing = true;
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(settings.Database.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
