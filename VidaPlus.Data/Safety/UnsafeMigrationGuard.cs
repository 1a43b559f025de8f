using Microsoft.EntityFrameworkCore.Migrations.Operations;
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
        var ids = migrations.ToList();
        var problems = ids.SelectMany(id => MigrationLinter.Lint(compiled.Create(id), id)).Where(f => f.IsProblem && f.Table is not null).ToList();
        var required = RequiredColumns(ids).ToList();
        if (problems.Count == 0 && required.Count == 0)
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
            var lintRefusals = refusals.Count;
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
                        when !created.Contains(column.Table) && !StoreTypes.IsSystemColumn(column.Name)
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
