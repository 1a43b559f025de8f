using System.Collections.Concurrent;
using System.Diagnostics;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// Every VidaPlus span that ends while the log is open, from the engine's own source, with no OpenTelemetry SDK in
/// between: what a run reports, whoever exports it. Tests running beside it add their spans too, so a test reads the
/// traces of its own database (<see cref="Of"/>).
/// </summary>
internal sealed class SpanLog : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();

    public SpanLog()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == VidaPlusTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans of every trace with a span on <paramref name="database"/>, in the order they ended.</summary>
    public IReadOnlyList<Activity> Of(string database)
    {
        var traces = _spans.Where(s => s.GetTagItem("db.namespace") as string == database).Select(s => s.TraceId).ToHashSet();
        return [.. _spans.Where(s => traces.Contains(s.TraceId))];
    }

    /// <summary>"name: tag=value, ..." per span, for a failure message.</summary>
    public static string Describe(IEnumerable<Activity> spans) =>
        string.Join("\n", spans.Select(s => $"{s.DisplayName} [{s.Status}]: {string.Join(", ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))}"));

    public void Dispose() => _listener.Dispose();
}
