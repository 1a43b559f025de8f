using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VidaPlus.Data.Configuration;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The repository's scripts a test starts servers with (scripts/local-pgbouncer.sh, scripts/tls-postgres.sh),
/// and the free ports they listen on.</summary>
internal static class TestScripts
{
    /// <summary>Runs scripts/<paramref name="script"/> <paramref name="verb"/>; its standard output, trimmed.</summary>
    public static string Run(string script, string verb, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Path.Combine(Folder, script), verb) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result.Trim() : throw new InvalidOperationException($"scripts/{script} {verb} failed: {error.Trim()}");
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// <paramref name="start"/> on <paramref name="count"/> distinct free ports, tried again on new ones when its script
    /// fails: another process may take a port between the pick and the start. The third failure is the test's.
    /// </summary>
    public static T OnFreePorts<T>(int count, Func<int[], T> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = new HashSet<int>();
            while (ports.Count < count)
            {
                ports.Add(FreePort());
            }
            try
            {
                return start([.. ports]);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // A script that failed (Run's exception): the port may have been taken; new ones are picked.
            }
        }
    }

    private static string Folder => Path.Combine(
        EnvFiles.RepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException(
            $"No VidaPlus.sln above {AppContext.BaseDirectory}: the tests start servers with the repository's scripts"),
        "scripts");
}
