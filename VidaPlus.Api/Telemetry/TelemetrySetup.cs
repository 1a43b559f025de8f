using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VidaPlus.Api.Auth;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Api.Telemetry;

/// <summary>
/// OpenTelemetry for the API, as eShop's ServiceDefaults wires it (ASP.NET Core, Npgsql, the runtime, and VidaPlus's
/// own engine source and meter), but only what the operator asked for: with no OTLP endpoint and no Prometheus
/// endpoint, nothing is registered and nothing is collected. OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES and the
/// OTLP variables are read by OpenTelemetry itself.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>The log's format, set before anything logs.</summary>
    public static ILoggingBuilder AddVidaPlusConsole(this ILoggingBuilder logging, TelemetryOptions options)
    {
        if (options.LogFormat == LogFormat.Json)
        {
            // Scopes carry the trace and span ids (ActivityTrackingOptions), one JSON object per line.
            logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            return logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        return logging.AddSimpleConsole(o => o.SingleLine = true);
    }

    public static IServiceCollection AddVidaPlusTelemetry(this IServiceCollection services, TelemetryOptions options) =>
        options.Enabled ? AddOpenTelemetry(services, options) : services;

    // Apart, and never inlined: compiling it loads OpenTelemetry's assemblies, which a start without telemetry never pays for.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IServiceCollection AddOpenTelemetry(IServiceCollection services, TelemetryOptions options)
    {
        var telemetry = services.AddOpenTelemetry().ConfigureResource(Resource("vidaplus-api"));
        telemetry.WithTracing(tracing =>
        {
            tracing.AddSource(VidaPlusTelemetry.Name).AddAspNetCoreInstrumentation().AddNpgsql();
            WithoutSqlText.Unless(options.SqlText, tracing);
            if (options.Otlp)
            {
                tracing.AddOtlpExporter();
            }
        });
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(VidaPlusTelemetry.Name).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation();
            if (options.Otlp)
            {
                metrics.AddOtlpExporter();
            }
            if (options.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }
        });
        return services;
    }

    /// <summary>/metrics, when METRICS_PROMETHEUS is true: for superusers unless METRICS_ANONYMOUS is true.</summary>
    public static void MapVidaPlusMetrics(this WebApplication app, TelemetryOptions options)
    {
        if (options.Prometheus)
        {
            MapPrometheus(app, options.PrometheusAnonymous);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MapPrometheus(WebApplication app, bool anonymous)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint("/metrics");
        if (!anonymous)
        {
            endpoint.RequireAuthorization(AuthSetup.Superuser);
        }
    }

    /// <summary>The service's name: OTEL_SERVICE_NAME when set (OTEL_RESOURCE_ATTRIBUTES are read by OpenTelemetry).</summary>
    public static Action<ResourceBuilder> Resource(string defaultName) =>
        resource => resource.AddService(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : defaultName);

    /// <summary>
    /// Takes the statement's text off Npgsql's spans (it never carries parameter values, but a literal in the SQL
    /// would show): kept only with TELEMETRY_SQL_TEXT=true.
    /// </summary>
    internal sealed class WithoutSqlText : BaseProcessor<Activity>
    {
        public static void Unless(bool sqlText, TracerProviderBuilder tracing)
        {
            if (!sqlText)
            {
                tracing.AddProcessor(new WithoutSqlText());
            }
        }

        public override void OnEnd(Activity data)
        {
            data.SetTag("db.query.text", null);
            data.SetTag("db.statement", null);
        }
    }
}
