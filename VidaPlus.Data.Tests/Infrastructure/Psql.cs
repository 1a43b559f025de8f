using System.Diagnostics;
using Npgsql;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>psql, as a DBA runs a script: statement by statement, stopping at the first error. The password goes
/// through the environment, never the command line.</summary>
internal static class Psql
{
    public static async Task<(int Exit, string Output)> RunAsync(string connectionString, string sql)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, sql);
        try
        {
            var start = new ProcessStartInfo("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["PGHOST"] = cs.Host, ["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["PGUSER"] = cs.Username, ["PGPASSWORD"] = cs.Password, ["PGDATABASE"] = cs.Database,
                },
            };
            using var psql = Process.Start(start)!;
            var output = psql.StandardOutput.ReadToEndAsync();
            var error = psql.StandardError.ReadToEndAsync();
            await psql.WaitForExitAsync();
            return (psql.ExitCode, await output + await error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
