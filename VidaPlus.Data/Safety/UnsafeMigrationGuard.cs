using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <param name="MinRows">From how many rows a table is big enough for an unaccepted lint problem on it to refuse the
/// migration. MIGRATION_UNSAFE_MIN_ROWS; default 10,000 (an index on that many builds in milliseconds).</param>
public sealed record UnsafeMigrationOptions(long MinRows)
{
    public const string MinRowsKey = "MIGRATION_UNSAFE_MIN_ROWS";

    public static UnsafeMigrationOptions Default { get; } = new(10_000);
}

/// <summary>
/// Before anything changes, refuses pending migrations that hold a lint problem nobody accepted on a table big enough
/// for it to matter (strong_migrations' rule, applied where EF Core applies migrations): each refusal names the
/// migration, the rule, the table, its rows and the safe way. An empty or small table is never refused: nobody waits
/// long on it.
/// </summary>
internal sealed class UnsafeMigrationGuard(CompiledMigrations compiled, UnsafeMigrationOptions options)
{
    /// <exception cref="MigrationStateException">One or more of <paramref name="migrations"/> would be refused.</exception>
    public async Task EnsureSafeAsync(NpgsqlConnection connection, IEnumerable<string> migrations, CancellationToken cancellationToken)
    {
        var problems = migrations.SelectMany(id => MigrationLinter.Lint(compiled.Create(id), id))
            .Where(f => f.IsProblem && f.Table is not null).ToList();
        if (problems.Count == 0)
        {
            return;
        }
        var refusals = new List<string>();
        await using (await ConnectionScope.OpenAsync(connection, cancellationToken))
        {
            foreach (var finding in problems)
            {
                if (await RowsAsync(connection, finding.Table!, cancellationToken) is var rows && rows >= options.MinRows)
                {
                    refusals.Add($"{finding.Migration}: {finding.Rule.Id} {finding.Rule.Name}, {finding.Operation} ({finding.Table} holds " +
                        $"{rows:N0} rows or more). {finding.Rule.Why} Safe way: {finding.Rule.Fix}");
                }
            }
        }
        if (refusals.Count > 0)
        {
            throw new MigrationStateException(
                $"Refusing to apply {string.Join(" ", refusals)} Nothing was changed. A migration that takes the risk on purpose " +
                $"says so with [AcceptsRisk(\"VPnnn\", \"why\")]; {UnsafeMigrationOptions.MinRowsKey} (now {options.MinRows:N0}) " +
                "is the table size from which a problem is refused.");
        }
    }

    // The planner's estimate, or, when it is older than the rows (a table never analyzed, or filled since), a count
    // that stops at the threshold: enough to decide, cheap whatever the table's size. A table not there yet (made by a
    // migration of the same run) has none.
    private async Task<long> RowsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var estimate = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(@table)", connection);
        estimate.Parameters.AddWithValue("table", SqlText.Quote(table));
        if (await estimate.ExecuteScalarAsync(cancellationToken) is not long estimated)
        {
            return 0;
        }
        await using var count = new NpgsqlCommand(
            $"SELECT count(*) FROM (SELECT 1 FROM {SqlText.Quote(table)} LIMIT {options.MinRows}) AS enough", connection);
        return Math.Max(estimated, (long)(await count.ExecuteScalarAsync(cancellationToken))!);
    }
}
