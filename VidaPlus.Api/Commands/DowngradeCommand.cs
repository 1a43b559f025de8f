using System.CommandLine;

namespace VidaPlus.Api.Commands;

internal static class DowngradeCommand
{
    public static Command Create(CommandRunner run)
    {
        var target = new Argument<string>("TARGET") { Description = "-N to revert N migrations, a migration's id or name, or base." };
        var allowDataLoss = new Option<bool>("--allow-data-loss") { Description = "Drop tables and columns that still hold data (refused otherwise)." };
        var command = new Command("downgrade", "Revert applied migrations down to TARGET, newest first.") { target, allowDataLoss };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            await run.Output.WriteLineAsync($"Database: {verb.Url}");
            var done = await verb.Service.DowngradeAsync(parse.GetValue(target)!, step => run.PrintStep("Reverted", step),
                parse.GetValue(allowDataLoss), ct);
            await run.PrintRunAsync(verb.Service, done);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
