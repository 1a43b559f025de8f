using System.CommandLine;
using VidaPlus.Data.Engine;

namespace VidaPlus.Api.Commands;

internal static class UpgradeCommand
{
    public static Command Create(CommandRunner run)
    {
        var target = new Argument<string>("TARGET")
        {
            Description = "head (the default), a migration's id or name, or +N for the next N pending migrations.",
            DefaultValueFactory = _ => Revision.Head,
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Run the migrations against the real data in one transaction, report, and roll back: nothing changes.",
        };
        var command = new Command("upgrade", "Apply pending migrations up to TARGET, each in its own transaction.") { target, dryRun };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, shortcut: async (url, headCheck) =>
        {
            await run.Output.WriteLineAsync($"Database: {url}");
            // The everyday case, answered by one query before EF Core starts.
            if (parse.GetValue(dryRun) || !Revision.IsHead(parse.GetValue(target)!)
                // A path that migrates: the answer is remembered.
                || await headCheck.CleanHeadAsync(url.ConnectionString, remember: true, ct) is not { } head)
            {
                return null;
            }
            await run.Output.WriteLineAsync($"Already at {head} (head); nothing to do.");
            return ExitCodes.Ok;
        }, action: async verb =>
        {
            if (parse.GetValue(dryRun))
            {
                var tried = await verb.Service.DryRunAsync(parse.GetValue(target)!, ct);
                foreach (var step in tried)
                {
                    var time = CommandRunner.Milliseconds(step.Duration);
                    await run.Output.WriteLineAsync(step.Error is null
                        ? $"  Would apply {step.Id} ({time} ms)"
                        : $"  {step.Id} would fail after {time} ms: {step.Error}");
                }
                await run.Output.WriteLineAsync(tried.Count == 0 ? "Nothing pending; nothing to try." : "Dry run rolled back: nothing was changed.");
                return tried.Any(s => s.Error is not null) ? ExitCodes.Failed : ExitCodes.Ok;
            }
            var done = await verb.Service.UpgradeAsync(parse.GetValue(target)!, step => run.PrintStep("Applied", step), ct);
            await run.PrintRunAsync(verb.Service, done);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
