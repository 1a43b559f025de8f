using System.Collections.Concurrent;
using System.Diagnostics;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The built VidaPlus.Api started as its own process, for what only a process shows: exit codes, output, signals.</summary>
internal static class ApiProcess
{
    public sealed record Exit(int Code, string Output, TimeSpan Elapsed);

    /// <summary>Runs the API until it exits; fails the test if it is still running after <paramref name="timeout"/>.</summary>
    public static Task<Exit> RunUntilExitAsync(TimeSpan timeout, params (string Key, string? Value)[] environment) =>
        RunAsync(["--urls", "http://127.0.0.1:0"], timeout, environment);

    /// <summary>Runs VidaPlus.Api with <paramref name="args"/> (a `db` verb, say) until it exits.</summary>
    public static Task<Exit> RunAsync(string[] args, TimeSpan timeout, params (string Key, string? Value)[] environment) =>
        RunCoreAsync(args, timeout, environment, signal: null);

    /// <summary>Runs VidaPlus.Api and sends it <paramref name="signal"/> (TERM, INT) once <paramref name="when"/> holds
    /// (polled), as an orchestrator or a Ctrl+C would; then waits for it to exit.</summary>
    public static Task<Exit> RunAndSignalAsync(
        string[] args, string signal, Func<Task<bool>> when, TimeSpan timeout, params (string Key, string? Value)[] environment) =>
        RunCoreAsync(args, timeout, environment, (signal, when));

    private static async Task<Exit> RunCoreAsync(
        string[] args, TimeSpan timeout, (string Key, string? Value)[] environment, (string Name, Func<Task<bool>> When)? signal)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "VidaPlus.Api.dll"), .. args])
        {
            // A folder with no .env, so only the variables given here count.
            WorkingDirectory = Directory.CreateTempSubdirectory("vidaplus-api-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("DATABASE_URL");
        start.Environment["SECRET_KEY"] = TestSecrets.Key;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        var lines = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Enqueue(e.Data);
        process.ErrorDataReceived += (_, e) => Enqueue(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            if (signal is { } s)
            {
                while (!await s.When())
                {
                    await Task.Delay(100, cancel.Token);
                }
                using var kill = Process.Start("kill", [$"-{s.Name}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                await kill.WaitForExitAsync(cancel.Token);
            }
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"VidaPlus.Api still running after {timeout.TotalSeconds} s:\n{string.Join('\n', lines)}");
        }
        process.WaitForExit(); // drains the output readers
        return new Exit(process.ExitCode, string.Join('\n', lines) + "\n", clock.Elapsed);

        void Enqueue(string? line)
        {
            if (line is not null)
            {
                lines.Enqueue(line);
            }
        }
    }
}
