using System.CommandLine;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;

namespace VidaPlus.Api.Commands;

internal static class LintCommand
{
    public static Command Create(CommandRunner run)
    {
        var json = CommandRunner.JsonOption();
        var trace = new Option<bool>("--trace")
        {
            Description = "Run every migration on a copy of the schema (made on DATABASE_URL's server, then dropped) and print what each " +
                "statement does: the tables it locks and how, whether it rewrites or reads them whole, and their rows here.",
        };
        var command = new Command("lint",
            "Flag migration operations that lock or rewrite a busy table or lose data; needs no database (but --trace does).") { json, trace };
        command.SetAction((parse, ct) => parse.GetValue(trace)
            ? run.WithDatabaseAsync(parse, verb => TraceAsync(run, verb.Service, parse.GetValue(json), ct))
            : run.OfflineAsync(parse, async service =>
        {
            var findings = service.Lint();
            var fills = service.Fills();
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
                    Fills = fills,
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
                foreach (var fill in fills)
                {
                    await run.Output.WriteLineAsync($"{fill}: `db lint --trace` counts the rows");
                }
                await run.Output.WriteLineAsync(
                    $"{findings.Count(f => f.IsProblem)} problem(s), {findings.Count(f => f.AcceptedReason is not null)} accepted, " +
                    $"{findings.Count(f => f.Rule == LintRule.RawSql && !f.IsProblem && f.AcceptedReason is null)} raw SQL operation(s) not checked, in {service.Compiled.All.Count} migration(s).");
            }
            return findings.Any(f => f.IsProblem) ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<int> TraceAsync(CommandRunner run, MigrationService service, bool json, CancellationToken cancellationToken)
    {
        var (trace, rows, fills) = await service.TraceAsync(cancellationToken);
        if (json)
        {
            await run.WriteJsonAsync(new { trace.Statements, Rows = rows, Fills = fills, trace.Copy, trace.Unavailable, trace.Failure });
        }
        else
        {
            // The statements that touch a table older than their migration, or run unobserved; the rest only make new objects.
            foreach (var statement in trace.Statements.Where(s => s.Outside || s.Tables.Count > 0))
            {
                await run.Output.WriteLineAsync($"{statement.Migration} {statement.Number}: {statement.Statement}");
                var facts = statement.Outside
                    ? ["runs outside any transaction (CONCURRENTLY, a backfill's batches): its locks are not observed"]
                    : statement.Tables.Select(t => $"{t.Table}: {t.Lock}, rewritten: {(t.Rewritten ? "yes" : "no")}, read whole: " +
                        $"{(t.Scanned ? "yes" : "no")}; {rows[t.Table]:N0} rows here{(t.Cost is null ? "" : " (writers wait on it)")}");
                foreach (var fact in facts)
                {
                    await run.Output.WriteLineAsync($"    {fact}");
                }
            }
            foreach (var fill in fills)
            {
                await run.Output.WriteLineAsync(fill.ToString());
            }
            await run.Output.WriteLineAsync($"{trace.Statements.Count} statement(s) traced, {trace.Statements.Count(s => s.Tables.Count > 0)} on tables " +
                $"older than their migration, {trace.Statements.Sum(s => s.Tables.Count(t => t.Cost is not null && rows[t.Table] > 0))} making " +
                "writers wait on a table that holds rows here.");
            if ((trace.Unavailable ?? trace.Failure) is { } stopped)
            {
                await run.Error.WriteLineAsync($"No trace: {stopped}.");
            }
        }
        return trace.Unavailable is null && trace.Failure is null ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
