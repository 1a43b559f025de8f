using System.CommandLine;

namespace VidaPlus.Api.Commands;

/// <summary>
/// <c>VidaPlus.Api db VERB</c>: Alembic's everyday commands for a VidaPlus database, one file per verb beside this
/// one. They parse and print only; the work is VidaPlus.Data's. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public static class DbCommand
{
    /// <summary>True when the command line asks for a db verb rather than the web server.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "db";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var run = new CommandRunner(output, error);
        var db = new Command("db", "Upgrade, downgrade, inspect, check, lint, script or stamp the VidaPlus database.")
        {
            CommandRunner.DatabaseUrlOption,
            CommandRunner.VerboseOption,
        };
        foreach (var verb in new[]
        {
            UpgradeCommand.Create(run), DowngradeCommand.Create(run), CurrentCommand.Create(run), HistoryCommand.Create(run),
            PendingCommand.Create(run), CheckCommand.Create(run), LintCommand.Create(run), ScriptCommand.Create(run),
            StampCommand.Create(run),
        })
        {
            db.Subcommands.Add(verb);
        }
        var root = new RootCommand("VidaPlus API. With `db`, runs a database command instead of the web server.") { db };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }
            await error.WriteLineAsync($"See `{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')).Take(2))} --help`.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
