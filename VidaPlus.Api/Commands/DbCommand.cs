using System.CommandLine;
using VidaPlus.Api.Telemetry;

namespace VidaPlus.Api.Commands;

/// <summary>
/// <c>VidaPlus.Api db VERB</c>: Alembic's everyday commands for a VidaPlus database, one file per verb beside this
/// one. They parse and print only; the work is VidaPlus.Data's. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public static class DbCommand
{
    private static readonly Dictionary<string, Func<CommandRunner, Command>> Verbs = new(StringComparer.Ordinal)
    {
        ["upgrade"] = UpgradeCommand.Create,
        ["contract"] = ContractCommand.Create,
        ["downgrade"] = DowngradeCommand.Create,
        ["current"] = CurrentCommand.Create,
        ["history"] = HistoryCommand.Create,
        ["pending"] = PendingCommand.Create,
        ["check"] = CheckCommand.Create,
        ["lint"] = LintCommand.Create,
        ["script"] = ScriptCommand.Create,
        ["stamp"] = StampCommand.Create,
        ["adopt"] = AdoptCommand.Create,
        ["grant"] = GrantCommand.Create,
    };

    /// <summary>True when the command line asks for a db or user verb rather than the web server.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "db" or "user";

    /// <param name="input">Where `user add` reads the password; none by default.</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, TextReader? input = null, CancellationToken cancellationToken = default)
    {
        var run = new CommandRunner(output, error, input ?? TextReader.Null);
        var db = new Command("db", "Upgrade, downgrade, inspect, check, lint, script, stamp or adopt the VidaPlus database.")
        {
            CommandRunner.DatabaseUrlOption,
            CommandRunner.VerboseOption,
        };
        // Only the verb asked for is built, since parsing needs no other and every start of `db upgrade` pays for it;
        // all of them for `db --help` or a verb that does not exist.
        IEnumerable<Func<CommandRunner, Command>> verbs = args.Length > 1 && Verbs.TryGetValue(args[1], out var asked) ? [asked] : Verbs.Values;
        foreach (var verb in verbs)
        {
            db.Subcommands.Add(verb(run));
        }
        var user = UserCommand.Create(run);
        user.Options.Add(CommandRunner.DatabaseUrlOption);
        user.Options.Add(CommandRunner.VerboseOption);
        var root = new RootCommand("VidaPlus API. With `db` or `user`, runs a command instead of the web server.") { db, user };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // A stray value given to `user` is not repeated: it may be a password typed where it does not belong.
            var strays = args[0] == "user" ? parsed.UnmatchedTokens.Where(t => !t.StartsWith('-')).ToList() : [];
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {strays.Aggregate(parseError.Message, (m, t) => m.Replace($"'{t}'", "(a value, not repeated)", StringComparison.Ordinal))}");
            }
            await error.WriteLineAsync($"See `{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')).Take(2))} --help`.");
            return ExitCodes.Usage;
        }
        IDisposable? telemetry;
        try
        {
            telemetry = VerbTelemetry.Start();
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.For(e);
        }
        using var exported = telemetry;
        // Ctrl+C or SIGTERM cancels the run; the running migration rolls back before the process ends.
        return await parsed.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(60) },
            cancellationToken);
    }
}
