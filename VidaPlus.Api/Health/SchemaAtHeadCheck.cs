using Microsoft.Extensions.Diagnostics.HealthChecks;
using VidaPlus.Api.Startup;
using VidaPlus.Data;
using VidaPlus.Data.Migrating;

namespace VidaPlus.Api.Health;

/// <summary>Ready means the database answers and its schema is at this build's head; otherwise says what is off.</summary>
internal sealed class SchemaAtHeadCheck(VidaPlusDbContext db, ApiSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await HeadCheck.IsCleanAtHeadAsync(settings.Database.ConnectionString, cancellationToken))
        {
            return HealthCheckResult.Healthy("Schema at head");
        }
        MigrationState state;
        try
        {
            state = await new MigrationService(db).ReadStateAsync(cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Database unreachable: {e.Message}");
        }
        if (state.Unknown.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"Database has migrations this build does not know: {string.Join(", ", state.Unknown)}");
        }
        return state.Pending.Count > 0
            ? HealthCheckResult.Unhealthy($"Pending migrations: {string.Join(", ", state.Pending.Select(m => m.Id))}")
            : HealthCheckResult.Healthy($"Schema at head ({state.Current})");
    }
}
