using System.CommandLine;
using VidaPlus.Data.Integrity;

namespace VidaPlus.Api.Commands;

internal static class CheckCommand
{
    public static Command Create(CommandRunner run)
    {
        var json = CommandRunner.JsonOption();
        var allowDrift = new Option<FileInfo?>("--allow-drift")
        {
            Description = "JSON list of {\"object\", \"reason\"} for schema objects added on purpose " +
                $"(default: {DriftAllowList.DefaultFile} here, if present).",
        };
        var command = new Command("check",
            "Exit 1, one line per problem, when the model, the migrations and the database are not in step.") { json, allowDrift };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            var problems = await verb.Service.CheckAsync(DriftAllowList.Read(parse.GetValue(allowDrift)), verb.ServingRole, ct);
            if (parse.GetValue(json))
            {
                await run.WriteJsonAsync(new { Database = verb.Url.ToString(), Ok = problems.Count == 0, Problems = problems });
            }
            else if (problems.Count == 0)
            {
                await run.Output.WriteLineAsync($"OK: {verb.Url} is at head and the model matches the migrations.");
            }
            else
            {
                foreach (var problem in problems)
                {
                    await run.Output.WriteLineAsync($"{problem.Code}: {problem.Message}");
                }
            }
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
