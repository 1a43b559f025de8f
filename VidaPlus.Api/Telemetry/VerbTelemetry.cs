using System.Runtime.CompilerServices;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Api.Telemetry;

/// <summary>
/// The verbs' spans and measurements over OTLP, when OTEL_EXPORTER_OTLP_ENDPOINT is in their environment (a verb
/// reads no configuration it does not need, so .env files are not consulted for it). Disposing flushes what is left.
/// </summary>
internal static class VerbTelemetry
{
    public static IDisposable? Start() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TelemetryOptions.OtlpEndpointKey)) ? null : Build();

    // Apart, and never inlined: compiling it loads OpenTelemetry's assemblies, which a verb without export never pays for.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Providers Build()
    {
        var tracing = Sdk.CreateTracerProviderBuilder().ConfigureResource(TelemetrySetup.Resource("vidaplus-db"))
            .AddSource(VidaPlusTelemetry.Name).AddNpgsql();
        // The environment's settings, read as the API reads them (TELEMETRY_SQL_TEXT: true or false, else one line).
        var options = new VidaPlusSettings(new ConfigurationBuilder().AddEnvironmentVariables().Build()).Telemetry;
        TelemetrySetup.WithoutSqlText.Unless(options.SqlText, tracing);
        return new Providers(
            tracing.AddOtlpExporter().Build(),
            Sdk.CreateMeterProviderBuilder().ConfigureResource(TelemetrySetup.Resource("vidaplus-db"))
                .AddMeter(VidaPlusTelemetry.Name).AddNpgsqlInstrumentation().AddOtlpExporter().Build());
    }

    private sealed class Providers(TracerProvider tracer, MeterProvider meter) : IDisposable
    {
        public void Dispose()
        {
            tracer.Dispose();
            meter.Dispose();
        }
    }
}
