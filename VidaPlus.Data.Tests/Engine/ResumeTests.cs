using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>
/// A migration of many steps stopped by real faults (its backend terminated at each step boundary, in the middle of a
/// concurrent build, a lock timeout) goes on from where it stopped: no committed step runs twice, no valid index is
/// dropped, no constraint is left that refuses writers, and what it says is what happened.
/// </summary>
public sealed class ResumeTests
{
    private static readonly LockWaitOptions Patient = LockWaitOptions.Default with { LockTimeout = TimeSpan.FromSeconds(60) };

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void TheMigration_IsAPlanOfSteps_EachTransactionOrOnlineStepOnItsOwn()
    {
        using var db = ResumeBuildContext.Create();

        Assert.Equal([
            "1 Transaction: CREATE TABLE quartos (",
            "2 Online: concurrent build of index ix_leitos_quarto_id",
            "3 Transaction: proof and NOT VALID add of fk_leitos_quartos_quarto_id",
            "4 Online: ALTER TABLE leitos VALIDATE CONSTRAINT fk_leitos_quartos_quarto_id",
            "5 Online: concurrent build of index ux_estoques_nome",
            "6 Transaction: proof and NOT VALID add of ck_estoques_quantidade",
            "7 Online: ALTER TABLE estoques VALIDATE CONSTRAINT ck_estoques_quantidade",
            "8 Transaction: ALTER TABLE estoques ADD COLUMN IF NOT EXISTS codigo character varying(20)",
            "9 Online: -- Where backfills keep their progress",
            "10 Online: -- Backfill estoques.codigo (its job id)",
            "11 Transaction: proof and NOT VALID add of ck_estoques_codigo_not_null",
            "12 Online: ALTER TABLE estoques VALIDATE CONSTRAINT ck_estoques_codigo_not_null",
            "13 Transaction: ALTER TABLE estoques ALTER COLUMN codigo SET NOT NULL",
        ], Plan(db).Steps.Select(s => $"{s.Number} {s.Kind}: " +
            (s.Statement.StartsWith("-- Backfill", StringComparison.Ordinal) ? $"{s.Statement[..s.Statement.IndexOf(':', StringComparison.Ordinal)]} (its job id)" : s.Statement)));
    }

    [Fact]
    public async Task KilledAtEveryStepBoundary_TheRerunGoesOnFromThere_AndEndsWithEveryInvariantHolding()
    {
        using var offline = ResumeBuildContext.Create();
        var steps = Plan(offline).Steps.Count;
        for (var step = 1; step < steps; step++)
        {
            await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
            await SeedAsync(database);
            await using (var pause = await PauseAtRecordAsync(database, step))
            {
                await using var db = ResumeBuildContext.Create(database.ConnectionString);
                var upgrade = TestEngine.Service(db, Patient).UpgradeAsync(ResumeBuildContext.AddQuartos);
                await TerminateAsync(database, await pause.WaitForMigrationAsync());

                var error = await Assert.ThrowsAsync<MigrationFailedException>(() => upgrade);
                Assert.Contains($"failed, with {step - 1} of {steps} steps done at step {step} (", error.Message, StringComparison.Ordinal);
                Assert.Contains("57P01: terminating connection due to administrator command", error.Message, StringComparison.Ordinal);
            }
            Assert.Equal(step - 1, await database.ScalarAsync<long>("SELECT count(*) FROM __vidaplus_steps"));
            await using (var db = ResumeBuildContext.Create(database.ConnectionString))
            {
                // What `db current`, /db/status and readiness say of it.
                var service = TestEngine.Service(db, Patient);
                string[] said = step == 1 ? [] : [$"{ResumeBuildContext.AddQuartos} (up) was interrupted: {step - 1} of {steps} steps done"];
                Assert.Equal(said, (await service.InterruptedAsync(await service.ReadStateAsync()))
                    .Select(l => l[..l.IndexOf(", the last", StringComparison.Ordinal)]));
                await service.UpgradeAsync(ResumeBuildContext.AddQuartos);
            }
            await AssertFinishedAsync(database, $"after a fault at step {step}");
        }
    }

    [Fact]
    public async Task StoppedInTheMiddleOfAConcurrentUniqueBuild_TheRerunBuildsItBesideTheInvalidOne_AndDbCheckSaysWhatIsLeft()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database);
        await using (var pause = await PauseAtRecordAsync(database, step: 4))
        {
            await using var db = ResumeBuildContext.Create(database.ConnectionString);
            var upgrade = TestEngine.Service(db, Patient).UpgradeAsync(ResumeBuildContext.AddQuartos);
            await pause.WaitForMigrationAsync();
            // An old snapshot, taken once the first concurrent build is through: the next one waits for it to end.
            await using var snapshot = await OldSnapshotAsync(database);
            await pause.ReleaseAsync();
            const string building = "FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'CREATE UNIQUE INDEX CONCURRENTLY%'";
            await database.WaitUntilAsync($"SELECT EXISTS (SELECT 1 {building})", "the unique build never started");
            await TerminateAsync(database, await database.ScalarAsync<int>($"SELECT pid {building}"));

            var error = await Assert.ThrowsAsync<MigrationFailedException>(() => upgrade);
            Assert.Contains("4 of 13 steps done at step 5 (concurrent build of index ux_estoques_nome): an INVALID index may be left",
                error.Message, StringComparison.Ordinal);
        }
        Assert.False(await database.ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ux_estoques_nome'::regclass"));
        await using (var db = ResumeBuildContext.Create(database.ConnectionString))
        {
            var service = TestEngine.Service(db, Patient);
            var current = await service.InterruptedAsync(await service.ReadStateAsync());
            Assert.StartsWith($"{ResumeBuildContext.AddQuartos} (up) was interrupted: 4 of 13 steps done, the last (ALTER TABLE leitos VALIDATE " +
                "CONSTRAINT fk_leitos_quartos_quarto_id) at ", Assert.Single(current), StringComparison.Ordinal);
            Assert.EndsWith("; the next upgrade goes on from step 5", current[0], StringComparison.Ordinal);
            // The duplicate a writer tries while the index is INVALID is refused all the same (it is maintained).
            var duplicate = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync(
                "INSERT INTO estoques (tipo_item, nome, quantidade, unidade) VALUES ('INSUMO', 'Luva 1', 1, 'caixa')"));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);

            await service.UpgradeAsync(ResumeBuildContext.AddQuartos);
        }
        await AssertFinishedAsync(database, "after the interrupted unique build");
    }

    [Fact]
    public async Task CancelledWhileAConcurrentBuildWaits_ItStopsThere_AndSaysWhatStays()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database);
        // An old snapshot: the first concurrent build waits for it, as behind a long report.
        await using var snapshot = await OldSnapshotAsync(database);
        await using var db = ResumeBuildContext.Create(database.ConnectionString);
        using var stop = new CancellationTokenSource();
        var upgrade = TestEngine.Service(db, Patient).UpgradeAsync(ResumeBuildContext.AddQuartos, cancellationToken: stop.Token);
        await database.WaitUntilAsync("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() " +
            "AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock')", "the build never waited");

        await stop.CancelAsync();

        var error = await Assert.ThrowsAsync<MigrationInterruptedException>(() => upgrade);
        Assert.StartsWith($"Stopped while migration {ResumeBuildContext.AddQuartos} ran, with 1 of 13 steps done at step 2 (concurrent build of " +
            "index ix_leitos_quarto_id): an INVALID index may be left", error.Message, StringComparison.Ordinal);
        Assert.False(await database.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND state = 'active')"));
        await snapshot.DisposeAsync();
        await TestEngine.Service(db, Patient).UpgradeAsync(ResumeBuildContext.AddQuartos);
        await AssertFinishedAsync(database, "after the cancelled build");
    }

    [Fact]
    public async Task RowsBreakingACheck_StopItAtTheProof_NothingLeftThatRefusesWriters_ThenItFinishesOnceFixed()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database);
        await database.ExecuteAsync("UPDATE estoques SET quantidade = -1 WHERE nome IN ('Luva 3', 'Luva 7')");
        await using var db = ResumeBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(db, Patient);

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => service.UpgradeAsync(ResumeBuildContext.AddQuartos));

        Assert.Contains("with 5 of 13 steps done at step 6 (proof and NOT VALID add of ck_estoques_quantidade), whose transaction rolled back",
            error.Message, StringComparison.Ordinal);
        Assert.EndsWith("P0001: estoques gets the CHECK ck_estoques_quantidade (quantidade >= 0), but 2 row(s) break it: fix them first " +
            "(in an earlier migration, a Backfill, or by hand), then run it again.", error.Message, StringComparison.Ordinal);
        Assert.False(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ck_estoques_quantidade')"));
        await database.ExecuteAsync("UPDATE estoques SET quantidade = -5 WHERE nome = 'Luva 3'");

        await database.ExecuteAsync("UPDATE estoques SET quantidade = 0 WHERE quantidade < 0");
        await service.UpgradeAsync(ResumeBuildContext.AddQuartos);
        await AssertFinishedAsync(database, "after the rows were fixed");
    }

    [Fact]
    public async Task ARowWrittenBetweenTheProofAndTheAdd_FailsTheValidation_WhichTakesTheConstraintAwayAgain()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database);
        await using var writer = await database.OpenAsync();
        NpgsqlTransaction written;
        MigrationFailedException error;
        await using (var pause = await PauseAtRecordAsync(database, step: 5))
        {
            await using var db = ResumeBuildContext.Create(database.ConnectionString);
            var upgrade = TestEngine.Service(db, Patient).UpgradeAsync(ResumeBuildContext.AddQuartos);
            await pause.WaitForMigrationAsync();
            // Not committed yet: the proof cannot see it, and the add waits for it.
            written = await writer.BeginTransactionAsync();
            await using (var insert = new NpgsqlCommand(
                "INSERT INTO estoques (tipo_item, nome, quantidade, unidade) VALUES ('INSUMO', 'Negativo', -3, 'caixa')", writer, written))
            {
                await insert.ExecuteNonQueryAsync();
            }
            await pause.ReleaseAsync();
            await database.WaitUntilAsync(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' " +
                "AND query LIKE 'ALTER TABLE estoques %ck_estoques_quantidade%')", "the add never waited for the writer");
            await written.CommitAsync();
            error = await Assert.ThrowsAsync<MigrationFailedException>(() => upgrade);
        }

        Assert.Contains("at step 7 (ALTER TABLE estoques VALIDATE CONSTRAINT ck_estoques_quantidade)", error.Message, StringComparison.Ordinal);
        Assert.Contains("ck_estoques_quantidade on estoques is not true of every row", error.Message, StringComparison.Ordinal);
        Assert.Contains("so it was removed again: writers may do what they did before", error.Message, StringComparison.Ordinal);
        Assert.False(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ck_estoques_quantidade')"));
        await database.ExecuteAsync("INSERT INTO estoques (tipo_item, nome, quantidade, unidade) VALUES ('INSUMO', 'Outro', -4, 'caixa')");

        await database.ExecuteAsync("DELETE FROM estoques WHERE quantidade < 0");
        await using (var db = ResumeBuildContext.Create(database.ConnectionString))
        {
            await TestEngine.Service(db, Patient).UpgradeAsync(ResumeBuildContext.AddQuartos);
        }
        await AssertFinishedAsync(database, "after the late row was removed", estoques: 40);
    }

    [Fact]
    public async Task LockTimeoutRetries_GoOnFromTheStepThatTimedOut_NeverFromTheFirst()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database);
        var retries = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "VidaPlus" && instrument.Name == "vidaplus.migration.lock_retries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Value as string == $"Migration {ResumeBuildContext.AddQuartos}"))
            {
                Interlocked.Add(ref retries, (int)value);
            }
        });
        listener.Start();
        await using var holder = await database.OpenAsync();
        NpgsqlTransaction held;
        Task upgrade;
        await using var db = ResumeBuildContext.Create(database.ConnectionString);
        await using (var pause = await PauseAtRecordAsync(database, step: 5))
        {
            upgrade = TestEngine.Service(db, LockWaitOptions.Default with { LockTimeout = TimeSpan.FromMilliseconds(100), LockRetries = 30 })
                .UpgradeAsync(ResumeBuildContext.AddQuartos);
            await pause.WaitForMigrationAsync();
            // Taken once the concurrent builds are through (they would wait for any open transaction): step 6's ALTER TABLE
            // needs ACCESS EXCLUSIVE on estoques, times out after 100 ms, and is tried again, from step 6.
            held = await holder.BeginTransactionAsync();
            await using var read = new NpgsqlCommand("SELECT count(*) FROM estoques", holder, held);
            await read.ExecuteScalarAsync();
        }
        await database.WaitUntilAsync("SELECT count(*) = 5 FROM __vidaplus_steps", "step 5 never committed");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref retries) < 2)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "After 30 s, step 6 had not timed out on its lock twice.");
            await Task.Delay(50);
        }
        await held.RollbackAsync();
        await upgrade;

        await AssertFinishedAsync(database, "after the retries");
    }

    [Fact]
    public async Task TheIdempotentScript_RunsUnderPsql_AndAgain_ChangingNothingTheSecondTime()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database);
        await using var db = ResumeBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(db, Patient);
        var script = service.Script(Revisions.Base, ResumeBuildContext.AddQuartos, idempotent: true);

        await RunCleanlyAsync(database, script);
        await AssertFinishedAsync(database, "after the script");
        var schema = await database.ScalarAsync<string>(SchemaSummary);
        await RunCleanlyAsync(database, script);
        await AssertFinishedAsync(database, "after it ran again");
        Assert.Equal(schema, await database.ScalarAsync<string>(SchemaSummary));
        // The schema the engine makes.
        await using var engine = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(engine);
        await using var engineDb = ResumeBuildContext.Create(engine.ConnectionString);
        await TestEngine.Service(engineDb, Patient).UpgradeAsync(ResumeBuildContext.AddQuartos);
        Assert.Equal(await engine.ScalarAsync<string>(SchemaSummary), schema);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AScriptThatStopsPartWay_RecordsItsSteps_AndTheEngineOrTheScriptAgainGoesOnFromThem(bool idempotent)
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database);
        // A name twice: the unique index (step 5) cannot be built until one goes.
        await database.ExecuteAsync("UPDATE estoques SET nome = 'Luva 1' WHERE nome = 'Luva 2'");
        await using var db = ResumeBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(db, Patient);
        var script = service.Script(idempotent ? Revisions.Base : Revisions.Head, ResumeBuildContext.AddQuartos, idempotent);

        var (exit, output) = await Psql.RunAsync(database.ConnectionString, script);

        Assert.NotEqual(0, exit);
        Assert.Contains("could not create unique index \"ux_estoques_nome\"", output, StringComparison.Ordinal);
        Assert.Equal([$"{ResumeBuildContext.AddQuartos} (up) was interrupted: 4 of 13 steps done"],
            (await service.InterruptedAsync(await service.ReadStateAsync())).Select(l => l[..l.IndexOf(", the last", StringComparison.Ordinal)]));
        await database.ExecuteAsync("UPDATE estoques SET nome = 'Luva 2' WHERE id = (SELECT max(id) FROM estoques WHERE nome = 'Luva 1')");
        if (idempotent)
        {
            await RunCleanlyAsync(database, script);
        }
        else
        {
            await service.UpgradeAsync(ResumeBuildContext.AddQuartos);
        }
        await AssertFinishedAsync(database, idempotent ? "after the script ran again" : "after the engine went on");
    }

    private static async Task RunCleanlyAsync(TestDatabase database, string script)
    {
        var (exit, output) = await Psql.RunAsync(database.ConnectionString, script);
        Assert.True(exit == 0 && !output.Contains("ERROR", StringComparison.Ordinal), $"psql exited {exit}: {output}");
    }

    // Tables, columns, indexes and constraints of the schema, as PostgreSQL prints them.
    private const string SchemaSummary = """
        SELECT concat_ws(E'\n',
            (SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable, E'\n' ORDER BY table_name, column_name)
                FROM information_schema.columns WHERE table_schema = 'public'),
            (SELECT string_agg(indexdef, E'\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'),
            (SELECT string_agg(conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated, E'\n' ORDER BY conname)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace))
        """;

    private static StepPlan Plan(ResumeBuildContext db)
    {
        var migration = CompiledMigrations.For(db).Create(ResumeBuildContext.AddQuartos);
        var history = db.GetService<IRawSqlCommandBuilder>().Build(
            db.GetService<IHistoryRepository>().GetInsertScript(new HistoryRow(ResumeBuildContext.AddQuartos, "10.0.0")));
        return StepPlan.Of([.. db.GetService<IMigrationsSqlGenerator>().Generate(migration.UpOperations),
            new MigrationCommand(history, db, db.GetService<IRelationalCommandDiagnosticsLogger>())]);
    }

    // 20 beds and 40 stock rows, each name once.
    private static Task SeedAsync(TestDatabase database) => database.ExecuteAsync("""
        INSERT INTO leitos (numero_leito, tipo, status) SELECT 'L-' || g, 'UTI', 'LIVRE' FROM generate_series(1, 20) g;
        INSERT INTO estoques (tipo_item, nome, quantidade, unidade) SELECT 'INSUMO', 'Luva ' || g, g, 'caixa' FROM generate_series(1, 40) g;
        """);

    private static async Task AssertFinishedAsync(TestDatabase database, string when, long estoques = 40)
    {
        Assert.Equal(1L, await database.ScalarAsync<long>(
            $"SELECT count(*) FROM \"{TestDatabase.HistoryTable}\" WHERE \"MigrationId\" = '{ResumeBuildContext.AddQuartos}'"));
        Assert.Equal($"{when}: no step record, no invalid index, no NOT VALID constraint, no NULL codigo, no index aside, rows 20/{estoques}",
            $"{when}: " + await database.ScalarAsync<string>($"""
                SELECT concat_ws(', ',
                    CASE WHEN EXISTS (SELECT 1 FROM __vidaplus_steps) THEN 'step records left' ELSE 'no step record' END,
                    CASE WHEN EXISTS (SELECT 1 FROM pg_index WHERE NOT indisvalid) THEN 'an INVALID index' ELSE 'no invalid index' END,
                    CASE WHEN EXISTS (SELECT 1 FROM pg_constraint WHERE NOT convalidated) THEN 'a NOT VALID constraint' ELSE 'no NOT VALID constraint' END,
                    CASE WHEN EXISTS (SELECT 1 FROM estoques WHERE codigo IS NULL) THEN 'NULL codigo' ELSE 'no NULL codigo' END,
                    CASE WHEN EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE '%vp_invalid') THEN 'an index aside' ELSE 'no index aside' END,
                    'rows ' || (SELECT count(*) FROM leitos) || '/' || (SELECT count(*) FROM estoques))
                """));
        Assert.True(await database.ScalarAsync<bool>(
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'codigo'"), when);
        Assert.Equal(2L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_index WHERE indexrelid IN ('ix_leitos_quarto_id'::regclass, 'ux_estoques_nome'::regclass) AND indisvalid"));
    }

    // A connection whose open REPEATABLE READ transaction holds a snapshot (and no lock on a table the migration alters):
    // a concurrent index build waits for it to end. Disposing it ends it.
    private static async Task<NpgsqlConnection> OldSnapshotAsync(TestDatabase database)
    {
        var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static Task TerminateAsync(TestDatabase database, int pid) => database.ExecuteAsync($"SELECT pg_terminate_backend({pid})");

    // Another transaction holds (uncommitted) the record the migration writes when the step commits: the migration waits
    // there, with the step run (an online step committed, a transaction's still open) and not yet recorded.
    private static async Task<RecordPause> PauseAtRecordAsync(TestDatabase database, int step)
    {
        await database.ExecuteAsync(StepLog.CreateTableSql);
        var connection = await database.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO __vidaplus_steps (migration_id, direction, step, steps, plan, statement) VALUES ('{ResumeBuildContext.AddQuartos}', 'up', {step}, 0, '', '')",
            connection, transaction);
        await insert.ExecuteNonQueryAsync();
        return new RecordPause(database, connection, transaction);
    }

    private sealed class RecordPause(TestDatabase database, NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private const string Waiting = "FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' " +
            "AND query LIKE 'INSERT INTO __vidaplus_steps%'";

        /// <summary>The migration's backend, once it waits here.</summary>
        public async Task<int> WaitForMigrationAsync()
        {
            await database.WaitUntilAsync($"SELECT EXISTS (SELECT 1 {Waiting})", "the migration never reached the paused step");
            return await database.ScalarAsync<int>($"SELECT pid {Waiting}");
        }

        public Task ReleaseAsync() => transaction.RollbackAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
