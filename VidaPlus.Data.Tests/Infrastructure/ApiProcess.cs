using System.Diagnostics;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The built VidaPlus.Api started as its own process, for what only a process shows: exit codes and output.</summary>
internal static class ApiProcess
{
    public sealed record Exit(int Code, string Output, TimeSpan Elapsed);

    /// <summary>Runs the API until it exits; fails the test if it is still running after <paramref name="timeout"/>.</summary>
    public static Task<Exit> RunUntilExitAsync(TimeSpan timeout, params (string Key, string? Value)[] environment) =>
        RunAsync(["--urls", "http://127.0.0.1:0"], timeout, environment);

    /// <summary>Runs VidaPlus.Api with <paramref name="args"/> (a `db` verb, say) until it exits.</summary>
    public static async Task<Exit> RunAsync(string[] args, TimeSpan timeout, params (string Key, string? Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "VidaPlus.Api.dll"), .. args])
        {
            // A folder with no .env, so only the variables given here count.
            WorkingDirectory = Directory.CreateTempSubdirectory("vidaplus-api-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("DATABASE_URL");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"VidaPlus.Api still running after {timeout.TotalSeconds} s:\n{await output}{await error}");
        }
        return new Exit(process.ExitCode, await output + await error, clock.Elapsed);
    }
}
