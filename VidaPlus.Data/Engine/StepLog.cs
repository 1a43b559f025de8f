using System.Data.Common;
using Npgsql;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Engine;

/// <summary>A step of a migration that an interrupted run committed, as <see cref="StepLog"/> keeps it.</summary>
internal sealed record DoneStep(string MigrationId, MigrationDirection Direction, int Step, int Steps, string Statement, DateTime DoneAt);

/// <summary>
/// Where each migration that ran in several steps (<see cref="StepPlan"/>) stands: a row per committed step, written in
/// the step's own transaction (or right after an online step, which is written to be run again), and removed with the
/// history row's change when the migration completes. Rows therefore exist only for a migration an interrupted run
/// left part-way, and they tell the next run where to go on.
/// </summary>
internal static class StepLog
{
    public const string TableName = EngineTables.Steps;

    public const string CreateTableSql = $"""
        CREATE TABLE IF NOT EXISTS {TableName} (
            migration_id character varying(150) NOT NULL,
            direction character varying(4) NOT NULL,
            step integer NOT NULL,
            steps integer NOT NULL,
            plan character(64) NOT NULL,
            statement text NOT NULL,
            done_at timestamp with time zone NOT NULL DEFAULT now(),
            PRIMARY KEY (migration_id, direction, step));

        """;

    public static string RecordSql(string id, MigrationDirection direction, string digest, int steps, PlanStep step) =>
        $"INSERT INTO {TableName} (migration_id, direction, step, steps, plan, statement) VALUES ({SqlText.Literal(id)}, " +
        $"{SqlText.Literal(Name(direction))}, {step.Number}, {steps}, '{digest}', {SqlText.Literal(step.Statement)}) " +
        "ON CONFLICT DO NOTHING;\n";

    /// <summary>Removes a migration's rows: with its history row's change, or to add a constraint again.</summary>
    public static string ForgetSql(string id, int? step = null) =>
        $"DELETE FROM {TableName} WHERE migration_id = {SqlText.Literal(id)}{(step is { } s ? $" AND step = {s}" : "")};\n";

    /// <summary>The steps done of <paramref name="id"/> in <paramref name="direction"/>, and the plan they were done under;
    /// creates the table on first use.</summary>
    public static async Task<(IReadOnlySet<int> Done, string? Plan)> ReadAsync(
        DbConnection connection, DbTransaction? transaction, string id, MigrationDirection direction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CreateTableSql +
            $"SELECT step, plan FROM {TableName} WHERE migration_id = {SqlText.Literal(id)} AND direction = {SqlText.Literal(Name(direction))}";
        var done = new HashSet<int>();
        string? plan = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            done.Add(reader.GetInt32(0));
            plan = reader.GetString(1);
        }
        return (done, plan);
    }

    /// <summary>Every migration an interrupted run left part-way; none when the table does not exist.</summary>
    public static async Task<IReadOnlyList<DoneStep>> ReadAllAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{TableName}') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return [];
        }
        await using var command = new NpgsqlCommand(
            $"SELECT migration_id, direction, step, steps, statement, done_at FROM {TableName} ORDER BY migration_id COLLATE \"C\", direction, step",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var steps = new List<DoneStep>();
        while (await reader.ReadAsync(cancellationToken))
        {
            steps.Add(new DoneStep(reader.GetString(0), Enum.Parse<MigrationDirection>(reader.GetString(1), ignoreCase: true),
                reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4), reader.GetDateTime(5)));
        }
        return steps;
    }

    /// <summary>One line per migration left part-way: "X (up): 3 of 6 steps done, the last at ...: CREATE INDEX ...".</summary>
    public static IReadOnlyList<string> Describe(IEnumerable<DoneStep> steps) =>
        [.. steps.GroupBy(s => (s.MigrationId, s.Direction)).Select(g =>
        {
            var last = g.MaxBy(s => s.DoneAt)!;
            var next = Enumerable.Range(1, last.Steps).First(n => g.All(s => s.Step != n));
            return $"{g.Key.MigrationId} ({Name(g.Key.Direction)}) was interrupted: {g.Count()} of {last.Steps} steps done, the last " +
                $"({last.Statement}) at {last.DoneAt:yyyy-MM-dd HH:mm:ss}Z; the next {(g.Key.Direction == MigrationDirection.Up ? "upgrade" : "downgrade")} goes on from step {next}";
        })];

    /// <summary>Whether step <paramref name="step"/> of <paramref name="id"/> is recorded done: a condition for a script.</summary>
    public static string DoneSql(string id, MigrationDirection direction, int step) =>
        $"EXISTS (SELECT 1 FROM {TableName} WHERE migration_id = {SqlText.Literal(id)} AND direction = {SqlText.Literal(Name(direction))} AND step = {step})";

    private static string Name(MigrationDirection direction) => direction == MigrationDirection.Up ? "up" : "down";
}
