using System.CommandLine;
using VidaPlus.Data.Adoption;
using VidaPlus.Data.Integrity;

namespace VidaPlus.Api.Commands;

internal static class AdoptCommand
{
    public static Command Create(CommandRunner run)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Verify, run the conversion in a transaction, report, and roll back: nothing changes." };
        var script = new Option<bool>("--script") { Description = "Print the SQL for a DBA instead of running it (the concurrent index builds last)." };
        var timeZone = new Option<string?>("--timezone")
        {
            Description = "The zone users.created_at was written in (default: the database's TimeZone setting, what now() used).",
        };
        var allowDrift = new Option<FileInfo?>("--allow-drift")
        {
            Description = $"Objects added on purpose, tolerated and kept (default: {DriftAllowList.DefaultFile} here, if present).",
        };
        var command = new Command("adopt",
            "Bring a database made by the Python app's Alembic migrations under VidaPlus: verify, convert, record.")
            { dryRun, script, timeZone, allowDrift };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            var options = new AdoptionOptions(parse.GetValue(timeZone), DriftAllowList.Read(parse.GetValue(allowDrift)));
            if (parse.GetValue(script))
            {
                await run.Output.WriteAsync(await verb.Service.AdoptionScriptAsync(options, ct));
                return ExitCodes.Ok;
            }
            await run.Output.WriteLineAsync($"Database: {verb.Url}");
            var dry = parse.GetValue(dryRun);
            var report = await verb.Service.AdoptAsync(options, dry, step => run.Output.WriteLine($"  {(dry ? "Tried" : "Done")}: {step.Description}"), ct);
            foreach (var step in report.Left)
            {
                await run.Output.WriteLineAsync($"  Then, outside a transaction: {step.Description}");
            }
            await run.Output.WriteLineAsync(report.Message);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
