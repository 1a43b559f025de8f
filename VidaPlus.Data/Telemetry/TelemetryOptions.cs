namespace VidaPlus.Data.Telemetry;

/// <summary>How the log is written.</summary>
public enum LogFormat
{
    /// <summary>One line of text per entry (the default).</summary>
    Text,

    /// <summary>One JSON object per line, with the trace and span ids.</summary>
    Json,
}

/// <summary>
/// What the API and the verbs export: traces and metrics over OTLP when OpenTelemetry's own
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (and nothing when it is not), a Prometheus scrape endpoint at
/// <c>/metrics</c> when <c>METRICS_PROMETHEUS</c> is true (for superusers unless <c>METRICS_ANONYMOUS</c> is true),
/// SQL text on database spans only when <c>TELEMETRY_SQL_TEXT</c> is true, and the log's format (<c>LOG_FORMAT</c>).
/// </summary>
public sealed record TelemetryOptions(bool Otlp, bool Prometheus, bool PrometheusAnonymous, bool SqlText, LogFormat LogFormat)
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string PrometheusKey = "METRICS_PROMETHEUS";
    public const string PrometheusAnonymousKey = "METRICS_ANONYMOUS";
    public const string SqlTextKey = "TELEMETRY_SQL_TEXT";
    public const string LogFormatKey = "LOG_FORMAT";

    /// <summary>Whether anything collects traces or metrics at all.</summary>
    public bool Enabled => Otlp || Prometheus;
}
