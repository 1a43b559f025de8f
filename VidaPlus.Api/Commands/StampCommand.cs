using System.CommandLine;

namespace VidaPlus.Api.Commands;

internal static class StampCommand
{
    public static Command Create(CommandRunner run)
    {
        var target = new Argument<string>("TARGET") { Description = "head, base, a migration's id or name, +N or -N.", DefaultValueFactory = _ => "" };
        var recordOnly = new Option<bool>("--record-only") { Description = "Leave the history alone; record checksums of applied migrations that have none." };
        var command = new Command("stamp", "Record TARGET as the current revision without running any migration.") { target, recordOnly };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            var done = await verb.Service.StampAsync(parse.GetValue(target)!, parse.GetValue(recordOnly), ct);
            await run.Output.WriteLineAsync($"Database: {verb.Url}");
            await run.Output.WriteLineAsync(parse.GetValue(recordOnly)
                ? $"Recorded the applied migrations that had no record, up to {done.To}; the history is unchanged."
                : $"Stamped {done.To} (was {done.From}); no migration ran.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
