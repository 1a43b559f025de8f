using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>
/// The SQL of a <see cref="BackfillOperation"/>, the same on every path (the engine, `dotnet ef database update`,
/// bundles, `db script` run by psql): one DO block, run outside any transaction, that walks the table's key in order
/// (keyset pagination: the keys there are, of any types, however sparse) and commits after each batch (PostgreSQL 11+
/// lets a DO block commit when it is not inside a transaction block). A batch that waits longer than the lock timeout
/// for a row a writer holds rolls back alone and is tried again. Progress (the last key done) is kept in
/// <see cref="EngineTables.Backfills"/> and committed with each batch, so a rerun resumes after the last committed
/// batch; a progress row kept for another table of that name or another key is not trusted, and the walk starts over.
/// A finished backfill removes its row. It reports as it goes with NOTICEs that start with <see cref="ReportPrefix"/>,
/// at most once a second.
/// </summary>
internal static class BackfillSql
{
    /// <summary>What every progress NOTICE starts with: "backfilling ...", and "backfilled ..." at the end.</summary>
    public const string ReportPrefix = "backfill";

    /// <summary>How many times in a row one batch is tried again after a lock timeout or deadlock before the backfill
    /// stops (to resume on the next run).</summary>
    public const int MaxWaits = 100;

    private const string Quote = "$backfill$";

    // An earlier engine kept integer ranges (first_key, last_key): its table is made again in this shape. A row it left
    // (an interrupted run) has a job name no backfill of this engine has, so it would be kept and never read.
    public static string ProgressTable => $"""
        -- Where backfills keep their progress
        DO $progress$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('{EngineTables.Backfills}') AND attname = 'first_key') THEN
                DROP TABLE {EngineTables.Backfills};
            END IF;
        END $progress$;
        CREATE TABLE IF NOT EXISTS {EngineTables.Backfills} (
            job text PRIMARY KEY,
            table_oid oid NOT NULL,
            key_columns text[] NOT NULL,
            done_key text[],
            keys_done bigint NOT NULL,
            rows_done bigint NOT NULL,
            started_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        )
        """;

    /// <summary>The key a backfill walks: the one it names, else the table's primary key in the migration's model (id
    /// when the migration has no model, or its model not the table); null when the model maps the table with no key.</summary>
    public static IReadOnlyList<string>? Key(BackfillOperation backfill, IModel? model)
    {
        if (backfill.KeyColumns is { } named)
        {
            return named;
        }
        var table = StoreObjectIdentifier.Table(backfill.Table, backfill.Schema);
        var entity = model?.GetEntityTypes().FirstOrDefault(e => e.GetTableName() == table.Name && e.GetSchema() == table.Schema);
        return entity is null ? ["id"]
            : entity.FindPrimaryKey()?.Properties.Select(p => p.GetColumnName(table)).OfType<string>().ToList() is { Count: > 0 } key ? key
            : null;
    }

    /// <summary>Why a backfill cannot run: its table has no key to walk.</summary>
    public static string NoKey(BackfillOperation backfill) =>
        $"Backfill {backfill.Job}: {backfill.Table} has no primary key in the migration's model, so there is no key to walk in order. " +
        "Name a unique, NOT NULL key: migrationBuilder.Backfill(..., key: [\"column\"]).";

    public static string Comment(BackfillOperation backfill, IReadOnlyList<string> key) =>
        $"-- Backfill {backfill.Job}: {backfill.BatchSize} keys of {backfill.Table} ({string.Join(", ", key)}) per transaction, after the " +
        "schema changes above commit.\n-- Run it outside a transaction block (psql's default); if it stops, run it again: it resumes after " +
        $"the last batch\n-- committed (progress in {EngineTables.Backfills}).";

    /// <param name="delimit">EF Core's quoting of an identifier, with its schema.</param>
    public static string Block(BackfillOperation backfill, IReadOnlyList<string> key, Func<string, string?, string> delimit)
    {
        var table = delimit(backfill.Table, backfill.Schema);
        var where = backfill.Where is null ? "" : $" AND ({backfill.Where})";
        var name = SqlText.Literal($"{backfill.Table}.{backfill.Column}");
        if ($"{backfill.Value}{backfill.Where}".Contains(Quote, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Backfill {backfill.Job}: its SQL may not contain {Quote}.");
        }
        var columns = key.Select(k => delimit(k, null)).ToList();
        string Each(Func<string, int, string> write, string separator = ", ") => string.Join(separator, columns.Select((c, i) => write(c, i + 1)));
        // One batch: the next keys in order (after the last done, but for the first batch), and the rows among them
        // changed. Two statements, not one with "no key done yet OR after the last": PL/pgSQL caches a generic plan
        // after a few runs, and for that OR it reads the whole table each batch instead of the key's index.
        string Batch(bool first) => $"""
                            WITH vp_keys AS (
                                SELECT {Each((c, i) => $"vp_k.{c} AS vp_key_{i}")} FROM {table} AS vp_k
                                {(first ? "" : $"WHERE ({Each((c, _) => $"vp_k.{c}")}) > ({Each((_, i) => $"vp_last_{i}")})")}
                                ORDER BY {Each((c, _) => $"vp_k.{c}")} LIMIT vp_batch),
                            vp_updated AS (
                                UPDATE {table} AS vp_rows SET {delimit(backfill.Column, null)} = {backfill.Value}
                                FROM vp_keys WHERE {Each((c, i) => $"vp_rows.{c} = vp_keys.vp_key_{i}", " AND ")}{where}
                                RETURNING 1)
                            SELECT (SELECT count(*) FROM vp_updated), (SELECT count(*) FROM vp_keys), {Each((_, i) => $"vp_key_{i}")}
                                INTO vp_changed, vp_walked, {Each((_, i) => $"vp_last_{i}")}
                                FROM vp_keys ORDER BY {Each((_, i) => $"vp_key_{i} DESC")} LIMIT 1;
            """;
        // Every variable is vp_-named: the value and the condition name the table's columns, which a variable must not shadow.
        return $"""
            DO {Quote}
            DECLARE
                vp_job constant text := {SqlText.Literal(backfill.Job)};
                vp_batch constant bigint := {backfill.BatchSize};
                vp_key constant text[] := ARRAY[{string.Join(", ", key.Select(SqlText.Literal))}];
                vp_table constant oid := {SqlText.Literal(table)}::regclass;
            {Each((c, i) => $"    vp_last_{i} {table}.{c}%TYPE;", "\n")}
                vp_done text[];
                vp_estimate bigint;
                vp_keys_before bigint;
                vp_rows_before bigint;
                vp_changed bigint;
                vp_walked bigint;
                vp_run_rows bigint := 0;
                vp_run_keys bigint := 0;
                vp_run_started constant timestamptz := clock_timestamp();
                vp_reported timestamptz := clock_timestamp();
                vp_waits int := 0;
                vp_elapsed numeric;
            BEGIN
                INSERT INTO {EngineTables.Backfills} (job, table_oid, key_columns, done_key, keys_done, rows_done, started_at, updated_at)
                    VALUES (vp_job, vp_table, vp_key, NULL, 0, 0, now(), now())
                    ON CONFLICT (job) DO NOTHING;
                UPDATE {EngineTables.Backfills} SET table_oid = vp_table, key_columns = vp_key, done_key = NULL, keys_done = 0, rows_done = 0,
                        started_at = now(), updated_at = now()
                    WHERE job = vp_job AND (table_oid <> vp_table OR key_columns <> vp_key);
                IF FOUND THEN
                    RAISE NOTICE 'backfill %: the progress kept was for another table or key, so the walk starts over', {name};
                END IF;
                COMMIT;
                SELECT b.done_key, b.keys_done, b.rows_done INTO vp_done, vp_keys_before, vp_rows_before
                    FROM {EngineTables.Backfills} b WHERE b.job = vp_job;
            {Each((c, i) => $"    vp_last_{i} := vp_done[{i}];", "\n")}
                SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples::bigint END INTO vp_estimate FROM pg_class c WHERE c.oid = vp_table;
                IF vp_estimate IS NULL THEN
                    SELECT count(*) INTO vp_estimate FROM {table};
                END IF;
                LOOP
                    BEGIN
                        IF vp_done IS NULL THEN
            {Batch(first: true)}
                        ELSE
            {Batch(first: false)}
                        END IF;
                        EXIT WHEN NOT FOUND;
                        vp_done := ARRAY[{Each((_, i) => $"vp_last_{i}::text")}];
                        UPDATE {EngineTables.Backfills} SET done_key = vp_done, keys_done = keys_done + vp_walked,
                            rows_done = rows_done + vp_changed, updated_at = now() WHERE job = vp_job;
                    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
                        -- This batch alone rolled back; the writer holding its rows commits soon.
                        vp_waits := vp_waits + 1;
                        IF vp_waits > {MaxWaits} THEN
                            RAISE;
                        END IF;
                        PERFORM pg_sleep(least(0.01 * vp_waits, 1));
                        CONTINUE;
                    END;
                    COMMIT;
                    vp_waits := 0;
                    vp_run_keys := vp_run_keys + vp_walked;
                    vp_run_rows := vp_run_rows + vp_changed;
                    vp_elapsed := greatest(extract(epoch FROM clock_timestamp() - vp_run_started), 0.001);
                    IF clock_timestamp() - vp_reported >= interval '1 second' THEN
                        vp_reported := clock_timestamp();
                        RAISE NOTICE 'backfilling %: % (% rows, % rows/s, about % s left)', {name},
                            round(least(99.9, 100.0 * (vp_keys_before + vp_run_keys) / greatest(vp_estimate, 1)), 1)::text || '%',
                            vp_rows_before + vp_run_rows, round(vp_run_rows / vp_elapsed),
                            ceil(greatest(vp_estimate - vp_keys_before - vp_run_keys, 0) / (vp_run_keys / vp_elapsed));
                    END IF;
                END LOOP;
                DELETE FROM {EngineTables.Backfills} WHERE job = vp_job;
                COMMIT;
                RAISE NOTICE 'backfilled %: % rows in % s', {name}, vp_rows_before + vp_run_rows,
                    round(extract(epoch FROM clock_timestamp() - vp_run_started), 1);
            END
            {Quote}
            """;
    }
}
