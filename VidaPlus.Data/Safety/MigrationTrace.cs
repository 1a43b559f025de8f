using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>What one statement did to one table that existed before its migration ran: the strongest lock it took,
/// whether it rewrote the table (a new file), and whether it read all of it (a sequential scan).</summary>
/// <param name="Table">Its name, quoted, before the traced migrations ran (a rename among them does not change it).</param>
public sealed record TracedTable(string Table, string Lock, bool Rewritten, bool Scanned)
{
    /// <summary>The lock blocks writers (and ACCESS EXCLUSIVE readers too) for as long as the statement runs.</summary>
    public bool BlocksWriters => Lock is "SHARE" or "SHARE ROW EXCLUSIVE" or "EXCLUSIVE" or "ACCESS EXCLUSIVE";

    /// <summary>What it does that grows with the table's rows, under a lock that makes others wait for it; null when nothing.</summary>
    public string? Cost =>
        BlocksWriters && Rewritten ? $"takes {Lock} on {Table} and rewrites it"
        : BlocksWriters && Scanned ? $"takes {Lock} on {Table} and reads all of it"
        : Lock == "ROW EXCLUSIVE" && Scanned ? $"changes rows of {Table} in one statement that reads all of it"
        : null;

    public override string ToString() =>
        $"{Table}: {Lock}{(Rewritten ? ", rewritten" : "")}{(Scanned ? ", read whole" : "")}";
}

/// <summary>One statement of a traced migration and what it did.</summary>
/// <param name="Number">Its place among the migration's statements, from 1.</param>
/// <param name="RawSql">Written with <c>migrationBuilder.Sql</c>.</param>
/// <param name="Outside">It cannot run in a transaction (CONCURRENTLY, a backfill's batches): its locks were not observed.</param>
public sealed record TracedStatement(string Migration, int Number, string Statement, bool RawSql, IReadOnlyList<TracedTable> Tables, bool Outside);

/// <param name="Copy">The scratch database the trace ran in, dropped after it; null when none was made.</param>
/// <param name="Unavailable">Why no trace was made (the statements are then empty).</param>
/// <param name="Failure">The statement that failed on the copy, and PostgreSQL's error: it would fail on the database too.</param>
public sealed record MigrationTraceResult(
    IReadOnlyList<TracedStatement> Statements, string? Copy = null, string? Unavailable = null, string? Failure = null);

/// <summary>
/// What PostgreSQL does, rather than what the rules guess: the migrations run against a copy of the schema without its
/// rows (a scratch database made here, the migrations before them replayed into it, dropped after), each statement in a
/// transaction of its own, after which the locks it holds (<c>pg_locks</c>), the tables it rewrote (a changed
/// relfilenode) and the tables it read whole (the transaction's sequential scans) are read, as eugene's trace mode does.
/// Raw SQL of any shape is covered: the facts name the tables by what PostgreSQL touched, not by what a parser found.
/// </summary>
internal sealed class MigrationTrace(MigrationCatalog catalog)
{
    private const string Prefix = "vidaplus_trace_";

    /// <param name="target">The database the migrations are for: the server the copy is made on.</param>
    /// <param name="applied">The migrations the database has applied, replayed into the copy first (those of them this
    /// build does not know are passed over).</param>
    /// <param name="migrations">The migrations to trace, in the order they run: pending ones applied, or, with
    /// <paramref name="direction"/> Down, applied ones reverted.</param>
    public async Task<MigrationTraceResult> RunAsync(
        NpgsqlConnection target, IReadOnlyList<string> applied, IReadOnlyList<string> migrations, CancellationToken cancellationToken,
        MigrationDirection direction = MigrationDirection.Up)
    {
        if (migrations.Count == 0)
        {
            return new([]);
        }
        var name = Prefix + Guid.NewGuid().ToString("N")[..16];
        await using (var open = await ConnectionScope.OpenAsync(target, cancellationToken))
        {
            try
            {
                await ExecuteAsync(target, $"CREATE DATABASE {name} TEMPLATE template0", cancellationToken);
            }
            catch (PostgresException e)
            {
                return new([], Unavailable: e.SqlState == PostgresErrorCodes.InsufficientPrivilege
                    ? $"the role may not create the scratch database it runs in ({e.MessageText})"
                    : $"the scratch database it runs in could not be made ({e.SqlState}: {e.MessageText})");
            }
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = name, Pooling = false };
            await using var scratch = target.CloneWith(builder.ConnectionString);
            try
            {
                await scratch.OpenAsync(cancellationToken);
            }
            catch (NpgsqlException e)
            {
                // A pooler in front that does not know the new database's name, say: the rules judge alone.
                return new([], name, Unavailable: $"the scratch database could not be reached through this connection ({e.Message})");
            }
            foreach (var migration in catalog.Compiled.All.Where(m => applied.Contains(m.Id)))
            {
                foreach (var command in catalog.Sql(migration))
                {
                    try
                    {
                        await ExecuteAsync(scratch, command.CommandText, cancellationToken);
                    }
                    catch (PostgresException e)
                    {
                        return new([], name, Unavailable: $"the migrations before could not be replayed on a copy ({migration.Id}: {e.SqlState}: {e.MessageText})");
                    }
                }
            }
            // A table is named as the database names it before the traced migrations run, a rename among them notwithstanding.
            var original = await TablesAsync(scratch, null, cancellationToken);
            var statements = new List<TracedStatement>();
            foreach (var id in migrations)
            {
                var before = (await TablesAsync(scratch, null, cancellationToken))
                    .ToDictionary(t => t.Key, t => original.TryGetValue(t.Key, out var was) ? was : t.Value);
                var failure = await TraceAsync(scratch, catalog.Find(id), direction, before, statements, cancellationToken);
                if (failure is not null)
                {
                    return new(statements, name, Failure: failure);
                }
            }
            return new(statements, name);
        }
        finally
        {
            await using var open = await ConnectionScope.OpenAsync(target, CancellationToken.None);
            await ExecuteAsync(target, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None);
        }
    }

    // The migration as the engine runs it (StepPlan): each step of statements that share a transaction in one, one
    // statement at a time, the facts read after each; each online command in a transaction of its own when it can run
    // in one (VALIDATE), else bare, unobserved (25001: CONCURRENTLY; 2D000: a backfill's DO block, which commits).
    // Returns PostgreSQL's error when a statement fails.
    private async Task<string?> TraceAsync(
        NpgsqlConnection scratch, CompiledMigration migration, MigrationDirection direction, IReadOnlyDictionary<long, Relation> before,
        List<TracedStatement> statements, CancellationToken cancellationToken)
    {
        var created = catalog.Create(migration);
        var raw = (direction == MigrationDirection.Up ? created.UpOperations : created.DownOperations).OfType<SqlOperation>()
            .Select(o => o.Sql.Trim().TrimEnd(';')).ToList();
        var commands = catalog.Sql(migration, direction);
        // The history row's place: the migration's last step is a transaction, as when the engine runs it.
        var history = catalog.Command("SELECT 1");
        var number = 0;
        foreach (var item in StepPlan.Of([.. commands, history]).Items)
        {
            if (item is MigrationCommand session)
            {
                await ExecuteAsync(scratch, session.CommandText, cancellationToken);
                continue;
            }
            var step = (PlanStep)item;
            var groups = step.Kind == StepKind.Transaction ? [[.. step.Commands.Where(c => c != history)]] : step.Commands.Select(c => new[] { c });
            foreach (var group in groups)
            {
                var pieces = group.SelectMany(c => SqlStatements.Split(c.CommandText)
                    .Select(sql => (Sql: sql, Raw: raw.Any(r => c.CommandText.Trim().StartsWith(r, StringComparison.Ordinal))))).ToList();
                await using var transaction = await scratch.BeginTransactionAsync(cancellationToken);
                var held = new Dictionary<long, string>();
                var traced = new List<TracedStatement>();
                var bare = false;
                foreach (var (sql, isRaw) in pieces)
                {
                    var statement = Describe(sql);
                    var start = await TablesAsync(scratch, transaction, cancellationToken);
                    try
                    {
                        await ExecuteAsync(scratch, sql, cancellationToken, transaction);
                    }
                    catch (PostgresException e) when (step.Kind == StepKind.Online
                        && e.SqlState is PostgresErrorCodes.ActiveSqlTransaction or PostgresErrorCodes.InvalidTransactionTermination)
                    {
                        bare = true;
                        break;
                    }
                    catch (PostgresException e)
                    {
                        return $"{migration.Id}: {(direction == MigrationDirection.Up ? "it" : "its Down()")} fails on a copy of the schema, " +
                            $"at statement {number + traced.Count + 1} ({statement}): {e.SqlState}: {e.MessageText}";
                    }
                    var end = await TablesAsync(scratch, transaction, cancellationToken);
                    var locks = await LocksAsync(scratch, transaction, cancellationToken);
                    traced.Add(new(migration.Id, number + traced.Count + 1, statement, isRaw, [.. locks.Where(l => before.ContainsKey(l.Key)).Select(l =>
                    {
                        var rewritten = start.TryGetValue(l.Key, out var was) && end.TryGetValue(l.Key, out var now) && was.FileNode != now.FileNode;
                        var scanned = start.TryGetValue(l.Key, out var s) && end.TryGetValue(l.Key, out var e) && e.Scans > s.Scans;
                        return (Table: new TracedTable(before[l.Key].Name, l.Value, rewritten, scanned), Touched: rewritten || scanned || held.GetValueOrDefault(l.Key) != l.Value);
                    }).Where(t => t.Touched).Select(t => t.Table)], Outside: false));
                    foreach (var (relation, mode) in locks)
                    {
                        held[relation] = mode;
                    }
                }
                if (bare)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    foreach (var command in group)
                    {
                        await ExecuteAsync(scratch, command.CommandText, cancellationToken);
                        statements.Add(new(migration.Id, ++number, StepPlan.Describe([command]), false, [], Outside: true));
                    }
                    continue;
                }
                await transaction.CommitAsync(cancellationToken);
                statements.AddRange(traced);
                number += traced.Count;
            }
        }
        return null;
    }

    // A statement's first line that is not a comment.
    private static string Describe(string sql) =>
        SqlText.OneLine(sql.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal))
            ?? sql, 120);

    private sealed record Relation(string Name, long FileNode, long Scans);

    // Tables (not the engine's), by oid: their quoted name, file and the transaction's sequential scans of them so far.
    private static async Task<IReadOnlyDictionary<long, Relation>> TablesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT c.oid::bigint, quote_ident(n.nspname) || '.' || quote_ident(c.relname), coalesce(pg_relation_filenode(c.oid), 0)::bigint,
                pg_stat_get_xact_numscans(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
                AND c.relname <> ALL (@engine)
            """, connection, transaction);
        command.Parameters.AddWithValue("engine", EngineTables.All.ToArray());
        var tables = new Dictionary<long, Relation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables[reader.GetInt64(0)] = new(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
        }
        return tables;
    }

    // The strongest lock this transaction holds on each relation, as PostgreSQL names modes ("ACCESS EXCLUSIVE").
    private static async Task<IReadOnlyDictionary<long, string>> LocksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT relation::bigint, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted", connection, transaction);
        var locks = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var mode = reader.GetString(1);
            if (!locks.TryGetValue(reader.GetInt64(0), out var held) || Strength(mode) > Strength(held))
            {
                locks[reader.GetInt64(0)] = mode;
            }
        }
        return locks.ToDictionary(l => l.Key, l => Spoken(l.Value));
    }

    private static readonly string[] Modes =
    [
        "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock",
        "ExclusiveLock", "AccessExclusiveLock",
    ];

    private static int Strength(string mode) => Array.IndexOf(Modes, mode);

    // "ShareRowExclusiveLock" as the documentation says it: "SHARE ROW EXCLUSIVE".
    private static string Spoken(string mode) =>
        string.Concat(mode[..^"Lock".Length].Select((c, i) => i > 0 && char.IsUpper(c) ? $" {c}" : $"{c}")).ToUpperInvariant();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
