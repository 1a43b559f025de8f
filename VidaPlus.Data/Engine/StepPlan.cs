using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Engine;

/// <summary>How a step commits: with the others of its transaction, or on its own (CONCURRENTLY, VALIDATE, a backfill).</summary>
internal enum StepKind
{
    Transaction,
    Online,
}

/// <summary>One step of a migration's plan: the commands that commit together, numbered from 1.</summary>
internal sealed record PlanStep(int Number, StepKind Kind, IReadOnlyList<MigrationCommand> Commands)
{
    /// <summary>What the step does, in one line: its first statement's first line.</summary>
    public string Statement { get; } = StepPlan.Describe(Commands);
}

/// <summary>
/// A migration's commands as a plan of steps, the way the engine runs them and records how far each got
/// (<see cref="StepLog"/>):
/// <list type="bullet">
/// <item>a run of commands that may share a transaction is one step, committed with its record;</item>
/// <item>a command that must run outside any transaction (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT, a backfill)
/// is one step, recorded once it has run (each is written so that running it again finds it done);</item>
/// <item>a constraint's proof and NOT VALID add (<see cref="OwnStepPrefix"/>) is a step of its own, so that a validation
/// that fails can take the constraint away again and the next run add it anew;</item>
/// <item>an online command that starts with <see cref="OwnStepPrefix"/> starts a step of several online commands, each
/// committing on its own, which an interrupted run takes again from the first (a concurrent index build);</item>
/// <item>session settings (SET, set_config) are no step: they run every time, since a new session lacks them.</item>
/// </list>
/// The last step always holds the history row: whatever ran outside a transaction before it, the migration counts as
/// applied only once everything has.
/// </summary>
internal sealed class StepPlan
{
    /// <summary>The first line of a command that is a step of its own though it runs in a transaction, or that starts an
    /// online step of several commands.</summary>
    public const string OwnStepPrefix = "-- VidaPlus step: ";

    private StepPlan(IReadOnlyList<object> items, string digest)
    {
        Items = items;
        Steps = [.. items.OfType<PlanStep>()];
        Digest = digest;
    }

    /// <summary>The steps and session commands, in order.</summary>
    public IReadOnlyList<object> Items { get; }

    public IReadOnlyList<PlanStep> Steps { get; }

    /// <summary>A digest of every step's SQL: a rerun goes on from an interrupted run's records only when its plan is the same.</summary>
    public string Digest { get; }

    /// <param name="commands">As EF Core's migrator generates them, the history insert or delete last.</param>
    public static StepPlan Of(IReadOnlyList<MigrationCommand> commands)
    {
        var items = new List<object>();
        var group = new List<MigrationCommand>();
        var number = 0;
        void Close()
        {
            if (group.Count > 0)
            {
                items.Add(new PlanStep(++number, StepKind.Transaction, [.. group]));
                group.Clear();
            }
        }
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var last = i == commands.Count - 1;
            if (last || !command.TransactionSuppressed)
            {
                if (command.CommandText.StartsWith(OwnStepPrefix, StringComparison.Ordinal))
                {
                    Close();
                    group.Add(command);
                    Close();
                }
                else
                {
                    group.Add(command);
                }
                continue;
            }
            Close();
            if (IsSession(command))
            {
                items.Add(command);
            }
            else if (!command.CommandText.StartsWith(OwnStepPrefix, StringComparison.Ordinal)
                && items.Count > 0 && items[^1] is PlanStep { Kind: StepKind.Online } open
                && open.Commands[0].CommandText.StartsWith(OwnStepPrefix, StringComparison.Ordinal))
            {
                // The next statement of an online step that runs several, from the first again after an interruption.
                items[^1] = open with { Commands = [.. open.Commands, command] };
            }
            else
            {
                items.Add(new PlanStep(++number, StepKind.Online, [command]));
            }
        }
        Close();
        var text = string.Join("\n;\n", items.OfType<PlanStep>().Select(s => $"{s.Kind}:{string.Join("\n", s.Commands.Select(c => c.CommandText))}"));
        return new StepPlan(items, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    // Session settings the online steps wrap themselves in (OnlineMigrationsSqlGenerator): cheap, and lost with the session.
    private static bool IsSession(MigrationCommand command) =>
        command.CommandText.StartsWith("SET ", StringComparison.Ordinal)
        || command.CommandText.StartsWith("SELECT set_config(", StringComparison.Ordinal);

    internal static string Describe(IEnumerable<MigrationCommand> commands)
    {
        var first = commands.SelectMany(c => c.CommandText.ReplaceLineEndings("\n").Split('\n'))
            .Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        if (first.StartsWith(OwnStepPrefix, StringComparison.Ordinal))
        {
            first = first[OwnStepPrefix.Length..];
        }
        return SqlText.OneLine(first.TrimEnd(';'), 120);
    }
}
