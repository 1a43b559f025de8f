using System.CommandLine;
using VidaPlus.Data.Engine;

namespace VidaPlus.Api.Commands;

internal static class GrantCommand
{
    public static Command Create(CommandRunner run)
    {
        var role = new Argument<string>("ROLE") { Description = "The role the API serves as (DATABASE_URL's); it must exist." };
        var script = new Option<bool>("--script") { Description = "Print the SQL for a DBA instead of running it (no database needed)." };
        var command = new Command("grant",
            "Give ROLE what the API needs to serve, and no more: its rows, never the schema's definition; and the same on tables " +
            "the role running this creates later. Run it as the role that migrates. Safe to run again.") { role, script };
        command.SetAction((parse, ct) => parse.GetValue(script)
            ? run.OfflineAsync(parse, async _ =>
            {
                await run.Output.WriteAsync(MigrationService.ServingRoleScript(parse.GetValue(role)!));
                return ExitCodes.Ok;
            })
            : run.WithDatabaseAsync(parse, async verb =>
            {
                await verb.Service.GrantServingRoleAsync(parse.GetValue(role)!, ct);
                await run.Output.WriteLineAsync($"Database: {verb.Url}");
                await run.Output.WriteLineAsync(
                    $"Granted {parse.GetValue(role)} CONNECT, USAGE on schema public, SELECT/INSERT/UPDATE/DELETE on its tables (SELECT only on " +
                    $"the engine's), USAGE on its sequences; and the same on what {verb.Url.Username} creates from now on. No DDL, no ownership.");
                return ExitCodes.Ok;
            }));
        return command;
    }
}
