using Microsoft.EntityFrameworkCore.Migrations;

namespace VidaPlus.Data.Engine;

/// <summary>Part of a migration's script: one step of its plan with what records it, or (<see cref="Step"/> null)
/// commands that run every time, whichever steps a rerun skips (session settings, the step log's creation).</summary>
internal sealed record ScriptPart(PlanStep? Step, int Steps, IReadOnlyList<MigrationCommand> Commands);

/// <summary>
/// A migration's commands as a script writes them, so that a DBA who runs it by hand can stop and go on from any step,
/// and the engine after them: each step of a migration of several is marked where it begins (its number, of how many,
/// and how it commits) and followed by its record in <see cref="StepLog"/>, written as the engine writes it (in the
/// step's transaction, or right after an online step), under the digest of the plan the engine would run, so that either
/// goes on from the other's records.
/// </summary>
internal static class ScriptedSteps
{
    /// <param name="commands">The migration's commands as generated for a script, the history insert or delete last.</param>
    /// <param name="digest">The digest of the plan the engine runs for this migration (<see cref="StepPlan.Digest"/>).</param>
    /// <param name="command">Makes a command of SQL, in a transaction or not.</param>
    public static IReadOnlyList<ScriptPart> Of(
        string id, MigrationDirection direction, IReadOnlyList<MigrationCommand> commands, string digest, Func<string, bool, MigrationCommand> command)
    {
        var plan = StepPlan.Of(commands);
        if (plan.Steps.Count < 2)
        {
            return [new ScriptPart(plan.Steps.SingleOrDefault(), plan.Steps.Count, commands)];
        }
        var parts = new List<ScriptPart> { new(null, plan.Steps.Count, [command(StepLog.CreateTableSql.TrimEnd(), true)]) };
        foreach (var item in plan.Items)
        {
            if (item is not PlanStep step)
            {
                parts.Add(new ScriptPart(null, plan.Steps.Count, [(MigrationCommand)item]));
                continue;
            }
            var online = step.Kind == StepKind.Online;
            var first = step.Commands[0];
            var mark = $"-- {id}: step {step.Number} of {plan.Steps.Count} ({(online ? "online, on its own" : "one transaction")})\n";
            // The last step changes the history row: the migration's records go with it, as in the engine's runs.
            var record = step.Number == plan.Steps.Count ? StepLog.ForgetSql(id) : StepLog.RecordSql(id, direction, digest, plan.Steps.Count, step);
            parts.Add(new ScriptPart(step, plan.Steps.Count,
            [
                command(mark + first.CommandText, first.TransactionSuppressed),
                .. step.Commands.Skip(1),
                command(record.TrimEnd(), online),
            ]));
        }
        return parts;
    }
}
