using System.CommandLine;

namespace VidaPlus.Api.Commands;

internal static class PendingCommand
{
    public static Command Create(CommandRunner run)
    {
        var json = CommandRunner.JsonOption();
        var command = new Command("pending", "The migrations not yet applied, oldest first.") { json };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            var state = await verb.Service.ReadStateAsync(ct);
            var ids = state.Pending.Select(m => m.Id).ToList();
            if (state.IsAlembic)
            {
                await run.Error.WriteLineAsync(state.NotReadyReason);
            }
            if (parse.GetValue(json))
            {
                await run.WriteJsonAsync(ids);
            }
            else
            {
                await run.Output.WriteLineAsync(ids.Count == 0 ? "No pending migrations: the database is at head."
                    : string.Join('\n', state.Pending.Select(m => m.IsContract ? $"{m.Id} (contract: runs once no build without it serves)" : m.Id)));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
