using System.Text.Json;
using Npgsql;
using VidaPlus.Api.Commands;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Api.Commands;

/// <summary>The `db` verbs as a user runs them: arguments in, text and exit code out, against a real database.</summary>
public sealed class DbCommandsTests
{
    private static readonly string M1 = Revisions.InitialSchema;
    private static readonly string M3 = Revisions.MakeLeitoPacienteOptional;
    private static readonly string M4 = Revisions.AddRowVersions;

    private sealed record Result(int ExitCode, string Output, string Error);

    private readonly List<Result> _results = [];

    private async Task<Result> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DbCommand.RunAsync(["db", .. args], output, error);
        var result = new Result(exitCode, output.ToString(), error.ToString());
        _results.Add(result);
        return result;
    }

    [Fact]
    public async Task EveryVerb_OnARealDatabase_AndThePasswordNeverShows()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        var url = new[] { "--database-url", database.ConnectionString };
        var address = DatabaseUrl.Parse(database.ConnectionString).ToString();

        var current = await RunAsync(["current", .. url]);
        Assert.Equal((0, "base\n"), (current.ExitCode, current.Output));

        var upgrade = await RunAsync(["upgrade", "+1", .. url]);
        Assert.Equal(0, upgrade.ExitCode);
        // EF Core's own log (its failed probe of a history table that does not exist yet) is not the user's business.
        Assert.Equal("", upgrade.Error);
        Assert.StartsWith($"Database: {address}\n  Applied {M1} in ", upgrade.Output, StringComparison.Ordinal);
        Assert.EndsWith($"From base to {M1}.\n", upgrade.Output, StringComparison.Ordinal);

        var history = await RunAsync(["history", .. url]);
        Assert.Matches(
            $@"^\* \[applied\] \[expand\] {M1} \(current\)  applied \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ in \d+ ms\n" +
            $@"  \[pending\] \[expand\] {Revisions.AddEstoquesAndLeitos}\n  \[pending\] \[expand\] {M3}\n" +
            $@"  \[pending\] \[expand\] {Revisions.AddRowVersions} \(head\)\n\[expand\]: the build before it runs",
            history.Output);

        var pending = await RunAsync(["pending", "--json", .. url]);
        Assert.Equal([Revisions.AddEstoquesAndLeitos, M3, Revisions.AddRowVersions], JsonSerializer.Deserialize<string[]>(pending.Output)!);

        var behind = await RunAsync(["check", .. url]);
        Assert.Equal(1, behind.ExitCode);
        Assert.StartsWith("behind: The database is behind: 3 pending migration(s)", behind.Output, StringComparison.Ordinal);

        var toHead = await RunAsync(["upgrade", .. url]);
        Assert.EndsWith($"From {M1} to {M4} (head).\n", toHead.Output, StringComparison.Ordinal);
        var again = await RunAsync(["upgrade", "head", .. url]);
        Assert.EndsWith($"Already at {M4} (head); nothing to do.\n", again.Output, StringComparison.Ordinal);

        var ok = await RunAsync(["check", "--json", .. url]);
        using (var json = JsonDocument.Parse(ok.Output))
        {
            Assert.Equal((0, true, 0), (ok.ExitCode, json.RootElement.GetProperty("ok").GetBoolean(), json.RootElement.GetProperty("problems").GetArrayLength()));
        }

        var down = await RunAsync(["downgrade", "-2", .. url]);
        Assert.Contains($"  Reverted {M3} in ", down.Output, StringComparison.Ordinal);
        var stamp = await RunAsync(["stamp", "head", .. url]);
        Assert.EndsWith($"Stamped {M4} (was {Revisions.AddEstoquesAndLeitos}); no migration ran.\n", stamp.Output, StringComparison.Ordinal);

        var currentJson = await RunAsync(["current", "--json", .. url]);
        using (var json = JsonDocument.Parse(currentJson.Output))
        {
            Assert.Equal(M4, json.RootElement.GetProperty("current").GetString());
            Assert.True(json.RootElement.GetProperty("at_head").GetBoolean());
        }

        var toBase = await RunAsync(["downgrade", "base", .. url]);
        Assert.Equal(0, toBase.ExitCode);
        Assert.Equal("base\n", (await RunAsync(["current", .. url])).Output);

        AssertNoPassword(database.ConnectionString);
    }

    [Theory]
    [InlineData(new[] { "downgrade" }, "error: Required argument missing for command: 'downgrade'.")]
    [InlineData(new[] { "frobnicate" }, "error: Required command was not provided.\nerror: Unrecognized command or argument 'frobnicate'.")]
    [InlineData(new[] { "current", "--database-url", "postgresql://vida:TopSecret1@db:99999/x" }, "error: --database-url from the command line is not a valid PostgreSQL URL or Npgsql connection string: port '99999' is not a number from 1 to 65535 (percent-encode @ : / ? # in the user name and password).")]
    [InlineData(new[] { "upgrade", "nope", "--database-url", "postgresql://vida:TopSecret1@127.0.0.1:1/x" }, "error: Unknown revision 'nope'.")]
    public async Task UsageAndConfigurationErrors_ExitWith2AndOneClearLine(string[] args, string firstLineStart)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(firstLineStart, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        AssertNoPassword("Password=TopSecret1");
    }

    [Theory]
    [InlineData("current")]
    [InlineData("pending")]
    [InlineData("history")]
    public async Task MissingDatabase_FailsWith3D000_InsteadOfAnsweringBase(string verb)
    {
        var server = await TestServer.GetAsync();
        var missing = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = $"vidaplus_missing_{Guid.NewGuid():N}" };

        var result = await RunAsync(verb, "--database-url", missing.ConnectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: 3D000: database \"{missing.Database}\" does not exist\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task UnreachableDatabase_Exits1_NamingItWithoutThePassword()
    {
        var result = await RunAsync("current", "--database-url", "postgresql://vida:TopSecret1@127.0.0.1:1/vidaplus");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: Cannot reach the database 127.0.0.1:1/vidaplus: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        AssertNoPassword("Password=TopSecret1");
    }

    [Fact]
    public async Task Script_NeedsNoDatabase_AndWritesTheFileWhole()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("vidaplus-script-").FullName, "upgrade.sql");

        var toStdout = await RunAsync("script", "InitialSchema", "+1");
        var toFile = await RunAsync("script", "--idempotent", "--output", file);

        Assert.Equal(0, toStdout.ExitCode);
        Assert.Contains("CREATE TABLE leitos", toStdout.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (toFile.ExitCode, toFile.Output));
        var sql = await File.ReadAllTextAsync(file);
        Assert.Contains("SELECT NOT EXISTS (SELECT 1 FROM \"__EFMigrationsHistory\"", sql, StringComparison.Ordinal);
        Assert.Equal([file], Directory.GetFiles(Path.GetDirectoryName(file)!));
    }

    [Fact]
    public async Task Lint_OnTheCommittedMigrations_IsClean()
    {
        var result = await RunAsync("lint");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith($"{M3}: up expand; down contract (column leitos.paciente_id becomes NOT NULL: older code may write nulls)\n" +
            $"{Revisions.AddRowVersions}: up expand; down expand\n" +
            $"0 problem(s), 1 accepted, 0 raw SQL operation(s) not checked, in {Revisions.All.Count} migration(s).\n", result.Output, StringComparison.Ordinal);
        // Down() is linted as Up() is: the one Down that scans a table under ACCESS EXCLUSIVE says why it may.
        Assert.Contains($"VP004 set-not-null accepted in {M3}: Down: AlterColumn leitos.paciente_id to NOT NULL. Reason: Down only:", result.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task LintTrace_PrintsWhatEachStatementDoesToATableOlderThanItsMigration_OnACopy_WithTheRowsHere()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, tipo, status) VALUES ('L1', 'UTI', 'LIVRE'), ('L2', 'UTI', 'LIVRE')");

        var result = await RunAsync("lint", "--trace", "--database-url", database.ConnectionString);

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.EndsWith($"""
            {M3} 1: ALTER TABLE leitos ALTER COLUMN paciente_id DROP NOT NULL
                public.leitos: ACCESS EXCLUSIVE, rewritten: no, read whole: no; 2 rows here
            35 statement(s) traced, 2 on tables older than their migration, 0 making writers wait on a table that holds rows here.

            """.ReplaceLineEndings("\n"), result.Output, StringComparison.Ordinal);
        var json = await RunAsync("lint", "--trace", "--json", "--database-url", database.ConnectionString);
        using var trace = JsonDocument.Parse(json.Output);
        var copy = trace.RootElement.GetProperty("copy").GetString()!;
        Assert.StartsWith("vidaplus_trace_", copy, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM pg_database WHERE datname = '{copy}'"));
    }

    [Theory]
    [InlineData("upgrade")]
    [InlineData("downgrade")]
    [InlineData("current")]
    [InlineData("history")]
    [InlineData("pending")]
    [InlineData("check")]
    [InlineData("lint")]
    [InlineData("script")]
    [InlineData("stamp")]
    public async Task EveryVerb_HasHelp(string verb)
    {
        var result = await RunAsync(verb, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"db {verb}", result.Output, StringComparison.Ordinal);
        Assert.Contains("--database-url", result.Output, StringComparison.Ordinal);
    }

    private void AssertNoPassword(string connectionString)
    {
        var password = new NpgsqlConnectionStringBuilder(connectionString).Password;
        Assert.False(string.IsNullOrEmpty(password), "The test needs a password to look for.");
        var leaks = _results.Where(r => r.Output.Contains(password, StringComparison.Ordinal) || r.Error.Contains(password, StringComparison.Ordinal));
        Assert.Empty(leaks);
    }
}
