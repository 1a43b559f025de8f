using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Roles;

namespace VidaPlus.Data.Hosting;

/// <summary>Ready means the database answers, can be written (no standby), and its schema is at this build's head;
/// otherwise says what is off.</summary>
internal sealed class SchemaReadyCheck(MigrationService migrations, VidaPlusDbContext db, StartupState startup, ServingRoleHealth role, ReadinessChanges changes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.Serving)
        {
            // Startup logs its own steps; from serving on, a change of readiness is news.
            return HealthCheckResult.Unhealthy(startup.Describe());
        }
        HealthCheckResult result;
        try
        {
            result = await CheckServingAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Caught so that ReadinessChanges logs it with the rest: the health-check service's own line is filtered.
            result = HealthCheckResult.Unhealthy($"The readiness check failed: {e.Message}", e);
        }
        return changes.Note(result);
    }

    private async Task<HealthCheckResult> CheckServingAsync(CancellationToken cancellationToken)
    {
        MigrationState state;
        IReadOnlyList<string> interrupted = [];
        bool readOnly;
        IReadOnlyList<string> missing = [];
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
            state = await migrations.ReadStateAsync(cancellationToken);
            interrupted = await migrations.InterruptedAsync(state, cancellationToken);
            // PostgreSQL 14+ reports these to the client itself (and again when a standby is promoted): no query asked.
            readOnly = connection.PostgresParameters.GetValueOrDefault("in_hot_standby") == "on"
                || connection.PostgresParameters.GetValueOrDefault("default_transaction_read_only") == "on";
            if (role.Suspect)
            {
                missing = await ServingRole.MissingAsync(connection, connection.UserName!, cancellationToken);
                if (missing.Count == 0)
                {
                    role.Granted();
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Database unreachable: {e.Message}");
        }
        return readOnly ? HealthCheckResult.Unhealthy(
                "The database is read-only (a standby): writes fail. Point DATABASE_URL at the primary, or list every host with " +
                "target_session_attrs=read-write.")
            : missing.Count > 0 ? HealthCheckResult.Unhealthy(
                $"The serving role {connection.UserName} lacks {string.Join(", ", missing)}: requests on them fail. Run `db grant {connection.UserName}` as the role that migrates.")
            : state.NotReadyReason is { } reason ? HealthCheckResult.Unhealthy(string.Join("; ", [reason, .. interrupted]))
            : HealthCheckResult.Healthy(state.AheadNote ?? state.ContractNote ?? $"Schema at head ({state.Current})");
    }
}
