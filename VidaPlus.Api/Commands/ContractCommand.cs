using System.CommandLine;
using VidaPlus.Data.Engine;

namespace VidaPlus.Api.Commands;

internal static class ContractCommand
{
    public static Command Create(CommandRunner run)
    {
        var force = new Option<bool>("--force")
        {
            Description = "Run the contract migrations even while builds that lack them serve (or served within CONTRACT_WINDOW): they may fail.",
        };
        var command = new Command("contract",
            "Apply the pending migrations, contract migrations included, once no build without them serves; says which builds hold them back.") { force };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            await run.Output.WriteLineAsync($"Database: {verb.Url}");
            var done = await verb.Service.UpgradeAsync(Revision.Head, step => run.PrintStep("Applied", step), ct, forceContracts: parse.GetValue(force));
            await run.PrintRunAsync(verb.Service, done);
            return done.Held is null ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
