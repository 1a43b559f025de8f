using System.CommandLine;
using VidaPlus.Data.Compatibility;

namespace VidaPlus.Api.Commands;

internal static class HistoryCommand
{
    public static Command Create(CommandRunner run)
    {
        var json = CommandRunner.JsonOption();
        var command = new Command("history", "Every migration, oldest first, marked applied or pending; the current one marked.") { json };
        command.SetAction((parse, ct) => run.WithDatabaseAsync(parse, async verb =>
        {
            var state = await verb.Service.ReadStateAsync(ct);
            var records = await verb.Service.ReadRecordsAsync(ct);
            // Expand: the build before a migration runs on the schema after it; contract: it may not.
            string ClassOf(string id) => state.Known.Any(m => m.Id == id)
                ? verb.Service.Compiled.Classify(id).Name
                : records.GetValueOrDefault(id)?.Compatibility?.Name() ?? "unrecorded";
            var rows = state.Known.Select(m => (m.Id, Status: state.IsApplied(m.Id) ? "applied" : "pending"))
                .Concat(state.Unknown.Select(id => (Id: id, Status: "unknown")))
                .OrderBy(r => r.Id, StringComparer.Ordinal)
                .ToList();
            if (parse.GetValue(json))
            {
                await run.WriteJsonAsync(rows.Select(r => new
                {
                    r.Id,
                    r.Status,
                    Class = ClassOf(r.Id),
                    Current = r.Id == state.Current,
                    Head = r.Id == state.Head,
                    AppliedAt = records.GetValueOrDefault(r.Id)?.AppliedAt,
                    DurationMs = records.GetValueOrDefault(r.Id)?.Duration.TotalMilliseconds,
                    AdoptedFrom = records.GetValueOrDefault(r.Id)?.AdoptedFrom,
                }));
                return ExitCodes.Ok;
            }
            foreach (var (id, status) in rows)
            {
                var notes = new[] { id == state.Current ? "current" : null, id == state.Head ? "head" : null, status == "unknown" ? "not in this build" : null }
                    .OfType<string>().ToList();
                var suffix = (notes.Count > 0 ? $" ({string.Join(", ", notes)})" : "") + (records.GetValueOrDefault(id) switch
                {
                    { AdoptedFrom: { } from } record => $"  adopted from {from} {record.AppliedAt:yyyy-MM-dd HH:mm:ss}Z",
                    { } record => $"  applied {record.AppliedAt:yyyy-MM-dd HH:mm:ss}Z in {CommandRunner.Milliseconds(record.Duration)} ms",
                    null => status == "applied" ? "  (no record)" : "",
                });
                await run.Output.WriteLineAsync($"{(id == state.Current ? "*" : " ")} [{status}] [{ClassOf(id)}] {id}{suffix}");
            }
            await run.Output.WriteLineAsync("[expand]: the build before it runs on the schema after it. [contract]: it may not; " +
                "before deploying the build before it, `db downgrade` past it with this build.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
