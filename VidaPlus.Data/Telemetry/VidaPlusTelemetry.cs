using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VidaPlus.Data.Telemetry;

/// <summary>
/// What the migration engine reports, through .NET's own <see cref="ActivitySource"/> and <see cref="Meter"/>: nothing
/// is recorded until a listener (the API's OpenTelemetry, when an exporter is configured) asks for them by
/// <see cref="Name"/>. Every span and measurement carries the database's name (<c>db.namespace</c>), never a URL or
/// credential.
/// </summary>
public static class VidaPlusTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "VidaPlus";

    /// <summary>The engine's spans; the verbs start theirs here too.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Histogram<double> MigrationDuration = Meter.CreateHistogram<double>(
        "vidaplus.migration.duration", "s", "How long each migration took, by migration, direction, class and outcome");

    internal static readonly Histogram<double> LockWait = Meter.CreateHistogram<double>(
        "vidaplus.migration.lock_wait", "s", "How long a run waited for the migration lock");

    internal static readonly Counter<long> LockRetries = Meter.CreateCounter<long>(
        "vidaplus.migration.lock_retries", description: "Units of work (a migration, an adoption step) retried after a lock timeout");

    internal static readonly Gauge<int> Pending = Meter.CreateGauge<int>(
        "vidaplus.migration.pending", description: "Migrations pending when the API started");

    /// <summary>Sign-ins refused, by reason: <c>refused</c> (wrong password, unknown or inactive user), <c>limited</c>
    /// (429), <c>busy</c> (503).</summary>
    internal static readonly Counter<long> SignInFailures = Meter.CreateCounter<long>(
        "vidaplus.signin.failures", description: "Sign-ins that did not succeed, by reason");

    /// <summary>A span named <paramref name="name"/>, child of the current one; null when nobody listens.</summary>
    internal static Activity? Start(string name, string? database) =>
        Source.StartActivity(name)?.SetTag("db.namespace", database);

    /// <summary>Runs <paramref name="work"/> in a span named <paramref name="name"/>, marked failed with the error
    /// that ends it.</summary>
    internal static async Task<T> InSpanAsync<T>(string name, string? database, Func<Activity?, Task<T>> work)
    {
        using var activity = Start(name, database);
        try
        {
            return await work(activity);
        }
        catch (Exception e)
        {
            activity.Failed(e);
            throw;
        }
    }

    /// <inheritdoc cref="InSpanAsync{T}"/>
    internal static Task InSpanAsync(string name, string? database, Func<Activity?, Task> work) =>
        InSpanAsync(name, database, async activity =>
        {
            await work(activity);
            return true;
        });

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="error"/>'s type and one-line message.</summary>
    public static void Failed(this Activity? activity, Exception error) =>
        activity?.SetStatus(ActivityStatusCode.Error, error.Message.ReplaceLineEndings(" "))
            .SetTag("error.type", error.GetType().FullName);
}
