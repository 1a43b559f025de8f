using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>
/// The SQL of a <see cref="BackfillOperation"/>, the same on every path (the engine, `dotnet ef database update`,
/// bundles, `db script` run by psql): one DO block, run outside any transaction, that walks the table's key in ranges
/// and commits after each (PostgreSQL 11+ lets a DO block commit when it is not inside a transaction block). A batch
/// that waits longer than the lock timeout for a row a writer holds rolls back alone and is tried again. Progress is
/// kept in <see cref="EngineTables.Backfills"/> and committed with each batch, so a rerun resumes after the last
/// committed batch; a finished backfill removes its row. It reports as it goes with NOTICEs that start with
/// <see cref="ReportPrefix"/>, at most once a second.
/// </summary>
internal static class BackfillSql
{
    /// <summary>What every progress NOTICE starts with: "backfilling ...", and "backfilled ..." at the end.</summary>
    public const string ReportPrefix = "backfill";

    /// <summary>How many times in a row one batch is tried again after a lock timeout or deadlock before the backfill
    /// stops (to resume on the next run).</summary>
    public const int MaxWaits = 100;

    private const string Quote = "$backfill$";

    public static string ProgressTable => $"""
        CREATE TABLE IF NOT EXISTS {EngineTables.Backfills} (
            job text PRIMARY KEY,
            first_key bigint NOT NULL,
            last_key bigint NOT NULL,
            done_key bigint NOT NULL,
            rows_done bigint NOT NULL,
            started_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        )
        """;

    public static string Comment(BackfillOperation backfill) =>
        $"-- Backfill {backfill.Job}: {backfill.BatchSize} keys of {backfill.Table}.{backfill.KeyColumn} per transaction, after the schema " +
        "changes above commit.\n-- Run it outside a transaction block (psql's default); if it stops, run it again: it resumes after the " +
        $"last batch\n-- committed (progress in {EngineTables.Backfills}).";

    public static string Block(BackfillOperation backfill)
    {
        var table = backfill.Schema is null ? SqlText.Quote(backfill.Table) : $"{SqlText.Quote(backfill.Schema)}.{SqlText.Quote(backfill.Table)}";
        var key = SqlText.Quote(backfill.KeyColumn);
        var where = backfill.Where is null ? "" : $" AND ({backfill.Where})";
        var name = SqlText.Literal($"{backfill.Table}.{backfill.Column}");
        if ($"{backfill.Value}{backfill.Where}".Contains(Quote, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Backfill {backfill.Job}: its SQL may not contain {Quote}.");
        }
        return $"""
            DO {Quote}
            DECLARE
                this_job constant text := {SqlText.Literal(backfill.Job)};
                batch constant bigint := {backfill.BatchSize};
                first_id bigint;
                last_id bigint;
                done_id bigint;
                rows_before bigint;
                changed bigint;
                run_rows bigint := 0;
                run_keys bigint := 0;
                run_started constant timestamptz := clock_timestamp();
                reported timestamptz := clock_timestamp();
                waits int := 0;
                elapsed numeric;
            BEGIN
                INSERT INTO {EngineTables.Backfills} (job, first_key, last_key, done_key, rows_done, started_at, updated_at)
                    SELECT this_job, coalesce(min({key}), 0), coalesce(max({key}), 0), coalesce(min({key}) - 1, 0), 0, now(), now() FROM {table}
                    ON CONFLICT (job) DO NOTHING;
                COMMIT;
                SELECT b.first_key, b.last_key, b.done_key, b.rows_done INTO first_id, last_id, done_id, rows_before
                    FROM {EngineTables.Backfills} b WHERE b.job = this_job;
                WHILE done_id < last_id LOOP
                    BEGIN
                        UPDATE {table} SET {SqlText.Quote(backfill.Column)} = {backfill.Value}
                            WHERE {key} > done_id AND {key} <= least(done_id + batch, last_id){where};
                        GET DIAGNOSTICS changed = ROW_COUNT;
                        UPDATE {EngineTables.Backfills} SET done_key = least(done_id + batch, last_id), rows_done = rows_done + changed,
                            updated_at = now() WHERE job = this_job;
                    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
                        -- This batch alone rolled back; the writer holding its rows commits soon.
                        waits := waits + 1;
                        IF waits > {MaxWaits} THEN
                            RAISE;
                        END IF;
                        PERFORM pg_sleep(least(0.01 * waits, 1));
                        CONTINUE;
                    END;
                    COMMIT;
                    waits := 0;
                    run_keys := run_keys + least(batch, last_id - done_id);
                    done_id := least(done_id + batch, last_id);
                    run_rows := run_rows + changed;
                    elapsed := greatest(extract(epoch FROM clock_timestamp() - run_started), 0.001);
                    IF clock_timestamp() - reported >= interval '1 second' AND done_id < last_id THEN
                        reported := clock_timestamp();
                        RAISE NOTICE 'backfilling %: % (% rows, % rows/s, about % s left)', {name},
                            round(100.0 * (done_id - first_id + 1) / greatest(last_id - first_id + 1, 1), 1)::text || '%',
                            rows_before + run_rows, round(run_rows / elapsed), ceil((last_id - done_id) / (run_keys / elapsed));
                    END IF;
                END LOOP;
                DELETE FROM {EngineTables.Backfills} WHERE job = this_job;
                COMMIT;
                RAISE NOTICE 'backfilled %: % rows in % s', {name}, rows_before + run_rows,
                    round(extract(epoch FROM clock_timestamp() - run_started), 1);
            END
            {Quote}
            """;
    }
}
