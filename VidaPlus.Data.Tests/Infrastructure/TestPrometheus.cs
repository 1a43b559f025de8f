using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's package; scripts/test.sh installs it) of a test's own, on a free port, scraping one
/// target's /metrics every second; stopped and its data removed when disposed.
/// </summary>
internal sealed class TestPrometheus : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly HttpClient _http;

    private TestPrometheus(Process process, DirectoryInfo folder, int port) =>
        (_process, _folder, _http) = (process, folder, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });

    public static async Task<TestPrometheus> StartAsync(int targetPort)
    {
        var folder = Directory.CreateTempSubdirectory("vidaplus-prometheus-");
        var config = Path.Combine(folder.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: vidaplus
                static_configs:
                  - targets: ['127.0.0.1:{targetPort}']
            """);
        var port = TestScripts.FreePort();
        var process = Process.Start(new ProcessStartInfo("prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"])
        { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("prometheus did not start; install Debian's prometheus (scripts/test.sh does).");
        // Drained, or a full pipe would stall it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var prometheus = new TestPrometheus(process, folder, port);
        var clock = Stopwatch.StartNew();
        while (!await prometheus.ReadyAsync())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited, "Prometheus not ready within 30 s.");
            await Task.Delay(100);
        }
        return prometheus;
    }

    /// <summary>The series an instant PromQL query returns (its data.result).</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string promql)
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray()];
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _http.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            return (await _http.GetAsync("/-/ready")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
