using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Hosting;

/// <summary>Ready means the database answers and its schema is at this build's head; otherwise says what is off.</summary>
internal sealed class SchemaReadyCheck(MigrationService migrations, StartupState startup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.Serving)
        {
            return HealthCheckResult.Unhealthy(startup.Describe());
        }
        MigrationState state;
        try
        {
            state = await migrations.ReadStateAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Database unreachable: {e.Message}");
        }
        return state.NotReadyReason is { } reason
            ? HealthCheckResult.Unhealthy(reason)
            : HealthCheckResult.Healthy(state.AheadNote ?? $"Schema at head ({state.Current})");
    }
}
