using System.CommandLine;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;

namespace VidaPlus.Api.Commands;

internal static class LintCommand
{
    public static Command Create(CommandRunner run)
    {
        var json = CommandRunner.JsonOption();
        var command = new Command("lint", "Flag migration operations that lock or rewrite a busy table or lose data; needs no database.") { json };
        command.SetAction((parse, ct) => run.OfflineAsync(parse, async service =>
        {
            var findings = service.Lint();
            var classes = service.Compiled.All.Select(m => new
            {
                m.Id,
                Up = service.Compiled.Classify(m.Id),
                Down = service.Compiled.Classify(m.Id, MigrationDirection.Down),
            }).ToList();
            if (parse.GetValue(json))
            {
                await run.WriteJsonAsync(new
                {
                    Findings = findings.Select(f => new
                    {
                        Rule = f.Rule.Id,
                        f.Rule.Name,
                        f.Migration,
                        f.Operation,
                        f.Rule.Why,
                        f.Rule.Fix,
                        Accepted = f.AcceptedReason,
                        f.IsProblem,
                    }),
                    Classes = classes.Select(c => new
                    {
                        c.Id,
                        Up = c.Up.Name,
                        UpReason = c.Up.Declared ?? string.Join("; ", c.Up.Reasons),
                        Down = c.Down.Name,
                        DownReason = c.Down.Declared ?? string.Join("; ", c.Down.Reasons),
                    }),
                });
            }
            else
            {
                foreach (var finding in findings)
                {
                    await run.Output.WriteLineAsync(finding.ToString());
                }
                foreach (var c in classes)
                {
                    await run.Output.WriteLineAsync($"{c.Id}: up {c.Up}; down {c.Down}");
                }
                await run.Output.WriteLineAsync(
                    $"{findings.Count(f => f.IsProblem)} problem(s), {findings.Count(f => f.AcceptedReason is not null)} accepted, " +
                    $"{findings.Count(f => f.Rule == LintRule.RawSql && !f.IsProblem && f.AcceptedReason is null)} raw SQL operation(s) not checked, in {service.Compiled.All.Count} migration(s).");
            }
            return findings.Any(f => f.IsProblem) ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }
}
