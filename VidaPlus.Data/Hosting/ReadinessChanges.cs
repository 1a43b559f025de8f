using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace VidaPlus.Data.Hosting;

/// <summary>
/// Logs readiness when it changes, not on every probe: an orchestrator probes every few seconds, and a replica kept
/// out of service for a minute by a failover would otherwise write a score of identical errors. The health-check
/// service's own line per unhealthy probe is filtered out where this is registered.
/// </summary>
internal sealed class ReadinessChanges(ILogger<ReadinessChanges> logger)
{
    private readonly Lock _gate = new();
    private (HealthStatus Status, string? Description)? _last;

    public HealthCheckResult Note(HealthCheckResult result)
    {
        lock (_gate)
        {
            var wasKnown = _last is not null;
            if (_last == (result.Status, result.Description))
            {
                return result;
            }
            _last = (result.Status, result.Description);
            if (result.Status != HealthStatus.Healthy)
            {
                logger.LogWarning(result.Exception, "Not ready: {Reason}", result.Description);
            }
            else if (wasKnown)
            {
                logger.LogInformation("Ready again: {Description}", result.Description);
            }
        }
        return result;
    }
}
