using System.Text;

namespace VidaPlus.Data.Engine;

/// <summary>
/// An idempotent script, for psql: each migration, and each step of a migration of several, runs under psql's <c>\if</c>
/// on what the database records (the history row, the step's record in <see cref="StepLog"/>), where EF Core's script
/// wraps each statement in a DO block, inside which CREATE INDEX CONCURRENTLY cannot run. Run again, after it finished
/// or after it stopped anywhere, it goes on from the first step not done. It stops at the first error.
/// </summary>
internal sealed class IdempotentScript(bool noTransactions)
{
    private readonly StringBuilder _script = new();

    /// <param name="createHistory">EF Core's creation of its history table, if it does not exist.</param>
    public static IdempotentScript Begin(string createHistory, bool noTransactions)
    {
        var script = new IdempotentScript(noTransactions);
        script._script
            .AppendLine("-- Written for psql (10 or later): each migration, and each step of one of several, runs only if the database")
            .AppendLine("-- has not recorded it done (\\gset, \\if). Run it again after any stop: it goes on from the first step not done.")
            .AppendLine("-- Do not run it in one transaction (psql -1): its online steps commit on their own.")
            .AppendLine("\\set ON_ERROR_STOP on")
            .AppendLine(createHistory.TrimEnd())
            .AppendLine();
        return script;
    }

    /// <param name="applied">A condition true when the history holds the migration.</param>
    public void Add(string id, MigrationDirection direction, IReadOnlyList<ScriptPart> parts, string applied)
    {
        var pending = direction == MigrationDirection.Up ? $"NOT EXISTS ({applied})" : $"EXISTS ({applied})";
        _script.AppendLine($"-- {id} ({(direction == MigrationDirection.Up ? "up" : "down")})");
        foreach (var part in parts)
        {
            if (part.Step is null)
            {
                // Settings and the step log's creation: harmless again, and what the steps after them need.
                _script.AppendLine(string.Join('\n', part.Commands.Select(c => c.CommandText.TrimEnd())));
                continue;
            }
            var condition = part.Steps > 1 ? $"{pending} AND NOT {StepLog.DoneSql(id, direction, part.Step.Number)}" : pending;
            var transaction = !noTransactions && part.Step.Kind == StepKind.Transaction;
            _script.AppendLine($"SELECT {condition} AS vidaplus_todo \\gset").AppendLine("\\if :vidaplus_todo");
            if (transaction)
            {
                _script.AppendLine("START TRANSACTION;");
            }
            foreach (var command in part.Commands)
            {
                _script.AppendLine(command.CommandText.TrimEnd());
            }
            if (transaction)
            {
                _script.AppendLine("COMMIT;");
            }
            _script.AppendLine("\\endif");
        }
        _script.AppendLine();
    }

    public override string ToString() => _script.ToString();
}
