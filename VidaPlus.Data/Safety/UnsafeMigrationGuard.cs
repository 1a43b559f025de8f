using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.Logging;
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
/// Before anything changes, refuses pending migrations that would make a big table's writers wait (strong_migrations'
/// rule, applied where EF Core applies migrations), each refusal naming the migration, what it does, the table, its rows
/// and the safe way; an empty or small table is never refused, since nobody waits long on it. Two opinions: the lint
/// rules, read from the operations; and, when the database holds a table big enough to matter, what PostgreSQL does
/// (<see cref="MigrationTrace"/>: the pending migrations run on a copy of the schema), which judges raw SQL and
/// volatile defaults in the rules' place and adds what they cannot see. When the trace cannot run, the guard says so
/// and the rules alone judge.
/// </summary>
internal sealed class UnsafeMigrationGuard(
    VidaPlusDbContext db, CompiledMigrations compiled, UnsafeMigrationOptions options, ILogger<UnsafeMigrationGuard> logger)
{
    /// <exception cref="MigrationStateException">One or more of <paramref name="migrations"/> would be refused.</exception>
    /// <param name="applied">The migrations the database has applied: the schema the pending ones start from.</param>
    public async Task EnsureSafeAsync(
        NpgsqlConnection connection, IReadOnlyList<string> applied, IEnumerable<string> migrations, CancellationToken cancellationToken)
    {
        var ids = migrations.ToList();
        var findings = ids.SelectMany(id => MigrationLinter.Lint(compiled.Create(id), id)).ToList();
        var required = RequiredColumns(ids).ToList();
        await using (await ConnectionScope.OpenAsync(connection, cancellationToken))
        {
            var (refusals, failure) = await JudgeAsync(connection, applied, ids, findings, MigrationDirection.Up, cancellationToken);
            var lintRefusals = refusals.Count;
            if (failure is not null)
            {
                refusals.Add(failure + ".");
            }
            foreach (var (migration, column, addedBy) in required)
            {
                if (addedBy is not null)
                {
                    if (await TableExistsAsync(connection, SqlText.Quote(column.Table), cancellationToken)
                        && await StoppingRowsAsync(connection, new AddColumnOperation { Table = column.Table, Name = column.Name }, cancellationToken) > 0)
                    {
                        refusals.Add($"{migration}: {column.Table}.{column.Name} is made NOT NULL, but {(addedBy == migration ? "it" : $"{addedBy}, pending,")} " +
                            $"adds the column before with no default, so each of {column.Table}'s rows would hold NULL there, which would stop it midway. " +
                            "Fill them with migrationBuilder.Backfill in between, or give the column a default in the model.");
                    }
                }
                else if (await StoppingRowsAsync(connection, column, cancellationToken) is var rows && rows > 0)
                {
                    refusals.Add(column is AddColumnOperation
                        ? $"{migration}: {column.Table}.{column.Name} is added NOT NULL with no default, but {column.Table} has rows, " +
                          "which would stop it midway. Add it nullable, fill it with migrationBuilder.Backfill, then make it required; " +
                          "or give it a default in the model."
                        : $"{migration}: {column.Table}.{column.Name} is made NOT NULL, but {rows:N0} row(s) hold NULL there, which would stop " +
                          "it midway. Fill them first (migrationBuilder.Backfill, before the change or in an earlier migration), or give the " +
                          "column a default in the model.");
                }
            }
            if (refusals.Count == 0)
            {
                return;
            }
            throw new MigrationStateException($"Refusing to apply {string.Join(" ", refusals)} Nothing was changed." + (lintRefusals == 0 ? ""
                : " A migration that takes the risk on purpose says so with [AcceptsRisk(\"VPnnn\", \"why\")]; " +
                  $"{UnsafeMigrationOptions.MinRowsKey} (now {options.MinRows:N0}) is the table size from which a problem is refused."));
        }
    }

    /// <summary>Before a downgrade changes anything, refuses the Down()s that would make a big table's writers wait, judged
    /// as <see cref="EnsureSafeAsync"/> judges Up()s: by the lint rules (VP008 aside: the data-loss guard judges drops) and
    /// by what PostgreSQL does when they run on a copy of the schema <paramref name="applied"/> make.</summary>
    /// <exception cref="MigrationStateException">One or more of <paramref name="reverted"/> would be refused.</exception>
    /// <param name="reverted">The migrations to revert, newest first.</param>
    public async Task EnsureSafeDownAsync(
        NpgsqlConnection connection, IReadOnlyList<string> applied, IReadOnlyList<string> reverted, CancellationToken cancellationToken)
    {
        var findings = reverted.SelectMany(id => MigrationLinter.Lint(compiled.Create(id), id, MigrationDirection.Down)).ToList();
        List<string> refusals;
        string? failure;
        await using (await ConnectionScope.OpenAsync(connection, cancellationToken))
        {
            (refusals, failure) = await JudgeAsync(connection, applied, reverted, findings, MigrationDirection.Down, cancellationToken);
        }
        if (refusals.Count == 0 && failure is null)
        {
            return;
        }
        throw new MigrationStateException($"Refusing to downgrade: {string.Join(" ", failure is null ? refusals : [.. refusals, failure + "."])} " +
            "Nothing was changed." + (refusals.Count == 0 ? "" : " A Down() that takes the risk on purpose says so with " +
            $"[AcceptsRisk(\"VPnnn\", \"why\")] on its migration; {UnsafeMigrationOptions.MinRowsKey} (now {options.MinRows:N0}) is the table " +
            "size from which a problem is refused."));
    }

    // The lint problems on tables big enough for them to matter, and what the trace saw a statement do that makes such a
    // table's writers wait, each as its refusal; and the statement that failed on the copy, if one did. With the trace,
    // what PostgreSQL does judges raw SQL and defaults: the rules only guess at those.
    private async Task<(List<string> Refusals, string? Failure)> JudgeAsync(NpgsqlConnection connection, IReadOnlyList<string> applied,
        IReadOnlyList<string> ids, IReadOnlyList<LintFinding> findings, MigrationDirection direction, CancellationToken cancellationToken)
    {
        var trace = await TraceAsync(connection, applied, ids, cancellationToken, direction: direction);
        var problems = findings.Where(f => f.IsProblem && f.Table is not null
            && !(trace is { Unavailable: null } && (f.Rule == LintRule.RawSql || f.Rule == LintRule.VolatileDefault))).ToList();
        var refusals = await OnBigTablesAsync(connection, problems, cancellationToken);
        var what = direction == MigrationDirection.Up ? "statement" : "Down() statement";
        foreach (var (statement, table) in Traced(trace, findings))
        {
            if (await RowsAsync(connection, table.Table, cancellationToken, quoted: true) is var rows && rows >= options.MinRows)
            {
                refusals.Add($"{statement.Migration}: {LintRule.Traced.Id} {LintRule.Traced.Name}, {what} {statement.Number} ({statement.Statement}) " +
                    $"{table.Cost} ({table.Table} holds {rows:N0} rows or more). {LintRule.Traced.Why} Safe way: {LintRule.Traced.Fix}");
            }
        }
        return (refusals, trace?.Failure);
    }

    // The lint problems on tables big enough for them to matter, each as its refusal: rule, operation, table, rows, why.
    private async Task<List<string>> OnBigTablesAsync(
        NpgsqlConnection connection, IEnumerable<LintFinding> problems, CancellationToken cancellationToken)
    {
        var refusals = new List<string>();
        foreach (var finding in problems)
        {
            if (await RowsAsync(connection, finding.Table!, cancellationToken) is var rows && rows >= options.MinRows)
            {
                refusals.Add($"{finding.Migration}: {finding.Rule.Id} {finding.Rule.Name}, {finding.Operation} ({finding.Table} holds " +
                    $"{rows:N0} rows or more). {finding.Rule.Why} Safe way: {finding.Rule.Fix}");
            }
        }
        return refusals;
    }

    /// <summary>What <paramref name="ids"/> do on a copy of the schema <paramref name="applied"/> make (<see cref="MigrationTrace"/>); unless
    /// <paramref name="always"/>, only when some table is big enough to matter (else nobody waits long on anything), null otherwise.</summary>
    public async Task<MigrationTraceResult?> TraceAsync(NpgsqlConnection connection, IReadOnlyList<string> applied, IReadOnlyList<string> ids,
        CancellationToken cancellationToken, bool always = false, MigrationDirection direction = MigrationDirection.Up)
    {
        if (!always && !await AnyBigTableAsync(connection, cancellationToken))
        {
            return null;
        }
        var trace = await new MigrationTrace(new MigrationCatalog(db, compiled)).RunAsync(connection, applied, ids, cancellationToken, direction);
        if (!always && trace.Unavailable is { } why)
        {
            logger.LogWarning("The {Migrations} were judged by the lint rules alone: no trace of what they do, since {Why}.",
                direction == MigrationDirection.Up ? "pending migrations" : "Down()s of the downgrade", why);
        }
        return trace;
    }

    // The rules about what writers wait for that the trace also sees (not the guesses at raw SQL and defaults, which it
    // replaces; not the risks to older code, VP008, which it cannot see).
    private static readonly HashSet<LintRule> WaitRules =
    [
        LintRule.IndexNotConcurrent, LintRule.DropIndexNotConcurrent, LintRule.ConstraintValidated, LintRule.SetNotNull,
        LintRule.TypeRewrite, LintRule.UniqueWithoutIndex, LintRule.EnumLabelRemoved, LintRule.UnbatchedDataChange,
    ];

    // What the trace saw a statement do to a table that existed before, which makes writers wait for the table's size,
    // and that neither a finding of the same kind on the same table (reported, or accepted) nor an [AcceptsRisk] covers.
    private IEnumerable<(TracedStatement Statement, TracedTable Table)> Traced(MigrationTraceResult? trace, IReadOnlyList<LintFinding> findings)
    {
        foreach (var statement in trace?.Statements ?? [])
        {
            var accepted = compiled.Create(statement.Migration).GetType().GetCustomAttributes(typeof(AcceptsRiskAttribute), inherit: true)
                .Cast<AcceptsRiskAttribute>().ToList();
            foreach (var table in statement.Tables.Where(t => t.Cost is not null))
            {
                var name = table.Table[(table.Table.LastIndexOf('.') + 1)..].Trim('"');
                if (!accepted.Any(a => a.Covers(LintRule.Traced.Id, name) || statement.RawSql && a.Covers(LintRule.RawSql.Id, name))
                    && !findings.Any(f => f.Migration == statement.Migration && f.Table == name && WaitRules.Contains(f.Rule)))
                {
                    yield return (statement, table);
                }
            }
        }
    }

    private async Task<bool> AnyBigTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
            """, connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }
        foreach (var table in tables)
        {
            if (await RowsAsync(connection, table, cancellationToken, quoted: true) >= options.MinRows)
            {
                return true;
            }
        }
        return false;
    }

    // The columns the pending migrations, in the order they run, make NOT NULL on a table that existed before the run,
    // with no default to fill the rows there are (OnlineOperations takes out the one EF Core would write unseen): the
    // rows there are would stop it midway. A column a backfill of the run fills first is left to the migration; one an
    // earlier migration of the run adds with no default (AddedBy) is NULL in every row there is.
    private IEnumerable<(string Migration, ColumnOperation Column, string? AddedBy)> RequiredColumns(IReadOnlyList<string> ids)
    {
        var filled = new HashSet<(string Table, string Column)>();
        var added = new Dictionary<(string Table, string Column), string>();
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var operations = compiled.Create(id).UpOperations;
            created.UnionWith(operations.OfType<CreateTableOperation>().Select(t => t.Name));
            foreach (var operation in operations)
            {
                switch (operation)
                {
                    case BackfillOperation backfill:
                        filled.Add((backfill.Table, backfill.Column));
                        break;
                    case AddColumnOperation { IsNullable: true, DefaultValue: null, DefaultValueSql: null, ComputedColumnSql: null } column
                        when !created.Contains(column.Table):
                        added[(column.Table, column.Name)] = id;
                        break;
                    case ColumnOperation { IsNullable: false, DefaultValue: null, DefaultValueSql: null, ComputedColumnSql: null } column
                        when !created.Contains(column.Table) && !StoreTypes.IsSystemColumn(column.Name) && !Deploys.ExpandContract.IsExpand(column)
                            && column["Npgsql:ValueGenerationStrategy"] is null
                            && (column is AddColumnOperation || column is AlterColumnOperation { OldColumn.IsNullable: true })
                            && !filled.Contains((column.Table, column.Name)):
                        yield return (id, column, added.TryGetValue((column.Table, column.Name), out var by) ? by : null);
                        break;
                }
            }
        }
    }

    // For a column added: the table's rows (any row is enough to stop it); for one made required: its NULLs. None when
    // the table or column is not there yet (made by an earlier migration of the same run).
    private static async Task<long> StoppingRowsAsync(NpgsqlConnection connection, ColumnOperation column, CancellationToken cancellationToken)
    {
        var table = SqlText.Quote(column.Table);
        await using var exists = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(@table) AND attname = @column AND NOT attisdropped)", connection);
        exists.Parameters.AddWithValue("table", table);
        exists.Parameters.AddWithValue("column", column.Name);
        var there = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
        var sql = column is AddColumnOperation
            ? $"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1) AS any_row"
            : $"SELECT count(*) FROM {table} WHERE {SqlText.Quote(column.Name)} IS NULL";
        if (column is AddColumnOperation ? await TableExistsAsync(connection, table, cancellationToken) && !there : there)
        {
            await using var count = new NpgsqlCommand(sql, connection);
            return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        return 0;
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // The planner's estimate, or, when it is older than the rows (a table never analyzed, or filled since), a count
    // that stops at the threshold: enough to decide, cheap whatever the table's size. A table not there yet (made by a
    // migration of the same run) has none.
    public async Task<long> RowsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken, bool quoted = false)
    {
        var name = quoted ? table : SqlText.Quote(table);
        await using var estimate = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(@table)", connection);
        estimate.Parameters.AddWithValue("table", name);
        if (await estimate.ExecuteScalarAsync(cancellationToken) is not long estimated)
        {
            return 0;
        }
        await using var count = new NpgsqlCommand(
            $"SELECT count(*) FROM (SELECT 1 FROM {name} LIMIT {options.MinRows}) AS enough", connection);
        return Math.Max(estimated, (long)(await count.ExecuteScalarAsync(cancellationToken))!);
    }
}
