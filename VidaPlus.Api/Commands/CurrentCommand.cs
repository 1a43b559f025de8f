using System.CommandLine;

namespace VidaPlus.Api.Commands;

internal static class CurrentCommand
{
    public static Command Create(CommandRunner run)
    {
        var json = CommandRunner.JsonOption();
        var command = new Command("current", "The revision the database is at (base when empty).") { json };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            var state = await verb.Service.ReadStateAsync(ct);
            var interrupted = await verb.Service.InterruptedAsync(state, ct);
            if (parse.GetValue(json))
            {
                await run.WriteJsonAsync(new
                {
                    Database = verb.Url.ToString(),
                    state.Current,
                    state.Head,
                    AtHead = state.Current == state.Head,
                    AlembicRevision = state.IsAlembic ? state.AlembicRevision : null,
                    Interrupted = interrupted,
                });
            }
            else
            {
                await run.Output.WriteLineAsync(state.Current == state.Head ? $"{state.Current} (head)" : state.Current);
                foreach (var line in interrupted)
                {
                    await run.Output.WriteLineAsync($"  {line}");
                }
            }
            if (state.IsAlembic)
            {
                await run.Error.WriteLineAsync(state.NotReadyReason);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
