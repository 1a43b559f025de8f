using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Api.Telemetry;

/// <summary>
/// The API's telemetry through OpenTelemetry's in-memory exporter, as a collector would receive it: the startup
/// migration's spans and duration, requests by route and status, sign-in failures, and no secret anywhere; and the
/// log as JSON lines carrying the trace.
/// </summary>
[Collection(NpgsqlSpansCollection.Name)]
public sealed class ApiTelemetryTests
{
    [Fact]
    public async Task StartupMigration_Requests_AndSignInFailures_AreExported_WithNoSecretInAnyAttribute()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var api = new ApiHost(database.ConnectionString, ("METRICS_PROMETHEUS", "true"))
        {
            TestServices = services => services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)),
        };
        using var client = await api.AnonymousClientAsync();
        var unauthorized = await client.GetAsync("/leitos/");
        var refused = await client.PostAsync("/auth/token/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "nobody@tests.vidaplus",
            ["password"] = "a-password-nobody-has",
        }));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (unauthorized.StatusCode, refused.StatusCode));
        // The scrape endpoint is for superusers unless METRICS_ANONYMOUS says otherwise.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        api.Services.GetRequiredService<MeterProvider>().ForceFlush();
        api.Services.GetRequiredService<TracerProvider>().ForceFlush();
        // The exporters go on appending as spans end on other threads (a connection opened in the background): read a copy.
        var exportedSpans = spans.ToArray();
        var exportedMetrics = metrics.ToArray();

        var startup = Assert.Single(exportedSpans, s => s.DisplayName == "startup migration" && s.GetTagItem("db.namespace") as string == database.Name);
        var trace = exportedSpans.Where(s => s.TraceId == startup.TraceId).ToList();
        Assert.Equal([$"migration {Revisions.AddEstoquesAndLeitos}", $"migration {Revisions.MakeLeitoPacienteOptional}", $"migration {Revisions.Head}"],
            trace.Where(s => s.DisplayName.StartsWith("migration 2", StringComparison.Ordinal)).Select(s => s.DisplayName));
        Assert.Contains(trace, s => s.DisplayName == "migration lock");
        // Npgsql's spans, under the migrations, without the statement's text.
        var commands = trace.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.Null(c.GetTagItem("db.query.text") ?? c.GetTagItem("db.statement")));

        var durations = Points(exportedMetrics, "vidaplus.migration.duration").Where(p => p.Tags["db.namespace"] as string == database.Name).ToList();
        Assert.Equal(3, durations.Count);
        Assert.All(durations, p => Assert.Equal("applied", p.Tags["vidaplus.migration.outcome"]));
        Assert.Contains(Points(exportedMetrics, "vidaplus.migration.pending"), p => p.Tags["db.namespace"] as string == database.Name);
        Assert.Contains(Points(exportedMetrics, "http.server.request.duration"),
            p => p.Tags["http.route"] as string == "/leitos/" && Equals(p.Tags["http.response.status_code"], 401));
        Assert.Contains(Points(exportedMetrics, "vidaplus.signin.failures"), p => p.Tags["reason"] as string == "refused");
        Assert.Contains(Points(exportedMetrics, "db.client.connection.count"), _ => true);

        var password = new NpgsqlConnectionStringBuilder(DatabaseUrl(database)).Password!;
        var attributes = exportedSpans.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName}: {t.Key}={t.Value}"))
            .Concat(exportedMetrics.SelectMany(m => Points(exportedMetrics, m.Name)).SelectMany(p => p.Tags.Select(t => $"{t.Key}={t.Value}")))
            .ToList();
        Assert.DoesNotContain(attributes, a => a.Contains(password, StringComparison.Ordinal) || a.Contains(TestSecrets.Key, StringComparison.Ordinal)
            || a.Contains("a-password-nobody-has", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARealPrometheus_ScrapesTheMigrationDurations_AndRequestsByStatus()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);
        var port = TestScripts.FreePort();
        await using var prometheus = await TestPrometheus.StartAsync(port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        IReadOnlyList<JsonElement> durations = [], requests = [];

        var exit = await ApiProcess.RunAndSignalAsync([], "TERM", async () =>
        {
            try
            {
                await http.GetAsync("/leitos/"); // 401: a status worth a label
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
            durations = await prometheus.QueryAsync($"vidaplus_migration_duration_seconds_count{{db_namespace=\"{database.Name}\"}}");
            requests = await prometheus.QueryAsync("http_server_request_duration_seconds_count{http_route=\"/leitos/\",http_response_status_code=\"401\"}");
            return durations.Count == 3 && requests.Count > 0;
        }, TimeSpan.FromSeconds(90), ("DATABASE_URL", database.ConnectionString), ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"),
            ("METRICS_PROMETHEUS", "true"), ("METRICS_ANONYMOUS", "true"));

        Assert.True(exit.Code == 0, exit.Output);
        Assert.Equal([Revisions.AddEstoquesAndLeitos, Revisions.MakeLeitoPacienteOptional, Revisions.Head],
            durations.Select(d => d.GetProperty("metric").GetProperty("vidaplus_migration_id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(durations, d => Assert.Equal("applied", d.GetProperty("metric").GetProperty("vidaplus_migration_outcome").GetString()));
    }

    [Fact]
    public async Task LogFormatJson_WritesOneObjectPerLine_WithTheTraceOfTheStartupMigration()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);

        var exit = await ApiProcess.RunAndSignalAsync([], "TERM",
            async () => (await database.AppliedAsync()).Count == Revisions.All.Count(), TimeSpan.FromSeconds(60),
            ("DATABASE_URL", database.ConnectionString), ("LOG_FORMAT", "json"), ("METRICS_PROMETHEUS", "true"),
            ("ASPNETCORE_URLS", "http://127.0.0.1:0"));

        var lines = exit.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(line =>
        {
            try
            {
                return JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException)
            {
                throw new Xunit.Sdk.XunitException($"Not a JSON line: {line}\nThe output:\n{exit.Output}");
            }
        }).ToList();
        var applying = entries.Where(e => e.GetProperty("Message").GetString()!.StartsWith("Applying ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, applying.Count);
        Assert.All(applying, e =>
        {
            var scopes = e.GetProperty("Scopes").EnumerateArray().ToList();
            Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var id) && id.GetString()!.Length == 32);
        });
        Assert.DoesNotContain(TestSecrets.Key, exit.Output, StringComparison.Ordinal);
    }

    private static string DatabaseUrl(TestDatabase database) => VidaPlus.Data.Connection.DatabaseUrl.Parse(database.ConnectionString).ConnectionString;

    private static IEnumerable<(IReadOnlyDictionary<string, object?> Tags, Metric Metric)> Points(IEnumerable<Metric> metrics, string name)
    {
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }
                yield return (tags, metric);
            }
        }
    }
}
