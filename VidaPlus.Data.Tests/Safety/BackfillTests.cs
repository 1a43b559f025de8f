using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>
/// <c>migrationBuilder.Backfill</c>: after the schema transaction commits, batches of keys each in a transaction of its
/// own, a batch that meets a writer's row waiting it out, and a run that was stopped resuming after its last batch,
/// every row changed exactly once.
/// </summary>
public sealed class BackfillTests
{
    // The backfill waiting on a row a writer holds, or sleeping before it tries that batch again.
    private const string WaitingOnARow = "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() " +
        "AND pid <> pg_backend_pid() AND query LIKE '%DO $backfill$%' AND (wait_event_type = 'Lock' OR wait_event = 'PgSleep'))";

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void TheSql_AddsTheColumnRerunnably_ThenBackfillsOutsideAnyTransaction_WithoutTheStatementTimeout()
    {
        using var db = BackfillBuildContext.Create();
        var migration = CompiledMigrations.For(db).Create(BackfillBuildContext.AddNomeBusca);
        var backfill = migration.UpOperations.OfType<BackfillOperation>().Single();

        var commands = db.GetService<IMigrationsSqlGenerator>().Generate(migration.UpOperations, db.GetService<IDesignTimeModel>().Model);

        Assert.Equal([
            "tx: ALTER TABLE estoques ADD COLUMN IF NOT EXISTS nome_busca character varying(255);",
            "own: -- Where backfills keep their progress",
            "own: SET statement_timeout = 0;",
            $"own: -- Backfill {backfill.Job}: 100 keys of estoques (id) per transaction, after the schema changes above commit.",
            "own: SELECT set_config('statement_timeout', coalesce(nullif(current_setting('vidaplus.statement_timeout', true), ''), '0'), false);",
        ], commands.Select(c => $"{(c.TransactionSuppressed ? "own" : "tx")}: {c.CommandText.Trim().Split('\n')[0]}"));
        var block = commands[3].CommandText.Split('\n').Select(l => l.Trim()).ToList();
        // The keys there are, walked in order from the last one done; the rows among them the condition holds for, changed.
        // The first batch and the others are statements of their own, so that each uses the key's index in a cached plan.
        Assert.Equal(2, block.Count(l => l == "SELECT vp_k.id AS vp_key_1 FROM estoques AS vp_k"));
        Assert.Equal(["IF vp_done IS NULL THEN", "ELSE", "WHERE (vp_k.id) > (vp_last_1)"],
            block.Where(l => l is "IF vp_done IS NULL THEN" or "ELSE" || l.StartsWith("WHERE (vp_k", StringComparison.Ordinal)));
        Assert.Contains("UPDATE estoques AS vp_rows SET nome_busca = lower(nome)", block);
        Assert.Contains("FROM vp_keys WHERE vp_rows.id = vp_keys.vp_key_1 AND (nome_busca IS NULL)", block);
        Assert.Contains("vp_batch constant bigint := 100;", block);
        Assert.Matches(@"^estoques\.nome_busca:[0-9a-f]{12}$", backfill.Job);
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void FillingAColumnTheSameMigrationAdds_IsExpand_ChangingOneOlderCodeReads_IsContract()
    {
        var compiled = CompiledMigrations.For(BackfillBuildContext.Create());

        Assert.Equal("expand", MigrationClassifier.Classify(compiled.Create(BackfillBuildContext.AddNomeBusca), MigrationDirection.Up).ToString());
        Assert.Equal("contract (backfill of estoques.quantidade: changes data older code reads)",
            MigrationClassifier.Classify(compiled.Create(BackfillBuildContext.CountQuantidade), MigrationDirection.Up).ToString());
        Assert.DoesNotContain(MigrationLinter.Lint(compiled), f => f.Migration is BackfillBuildContext.AddNomeBusca or BackfillBuildContext.CountQuantidade);
    }

    [Fact]
    public async Task TheBackfill_FillsEveryRow_OneTransactionPerBatch_AndLeavesNoProgressBehind()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, rows: 1_050);
        await using var db = BackfillBuildContext.Create(database.ConnectionString);
        var services = TestEngine.Services(db);
        var reports = Reports(services);

        await services.GetRequiredService<MigrationService>().UpgradeAsync(BackfillBuildContext.AddNomeBusca);

        Assert.Equal(1_050L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE nome_busca = lower(nome)"));
        // Keys 1 to 1,050 in ranges of 100: eleven transactions, each its own xmin.
        Assert.Equal(11L, await database.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM estoques"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM __vidaplus_backfills"));
        Assert.StartsWith("backfilled estoques.nome_busca: 1050 rows in ", reports.Last(), StringComparison.Ordinal);
        Assert.Equal([.. Revisions.All, BackfillBuildContext.AddNomeBusca], await database.AppliedAsync());
    }

    [Fact]
    public async Task ABatchThatMeetsAWritersRow_WaitsItOut_ReportingHowFarItIs_AndEveryRowChangesOnce()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, rows: 2_000);
        await using var db = BackfillBuildContext.Create(database.ConnectionString);
        var services = TestEngine.Services(db);
        var reports = Reports(services);
        await services.GetRequiredService<MigrationService>().UpgradeAsync(BackfillBuildContext.AddNomeBusca);
        var progress = services.GetRequiredService<MigrationProgress>();
        string? activity = null;
        progress.Backfilled += _ => activity ??= progress.Activity;

        await using (var writer = await HoldRowAsync(database, id: 1_500))
        {
            var upgrade = services.GetRequiredService<MigrationService>().UpgradeAsync(BackfillBuildContext.CountQuantidade);
            await database.WaitUntilAsync(WaitingOnARow, "the backfill never reached the held row");
            Assert.Equal(1_400L, await database.ScalarAsync<long>("SELECT done_key[1]::bigint FROM __vidaplus_backfills"));
            // Longer than the one second between reports: the batch after the wait reports.
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            await writer.CommitAsync();
            await upgrade;
        }

        Assert.Equal(2_000L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE quantidade = 1"));
        Assert.Matches(@"^backfilling estoques\.quantidade: 7[0-9]\.[0-9]% \(1[45][0-9]{2} rows, [0-9]+ rows/s, about [0-9]+ s left\)$", activity);
        Assert.StartsWith("backfilled estoques.quantidade: 2000 rows in ", reports.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABackfillStoppedMidway_ResumesAfterItsLastBatch_EveryRowChangedOnce()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, rows: 2_000);
        await using (var db = BackfillBuildContext.Create(database.ConnectionString))
        {
            // Its ALTER TABLE would wait for the writer's transaction, as it should.
            await TestEngine.Service(db).UpgradeAsync(BackfillBuildContext.AddNomeBusca);
        }
        await using (var writer = await HoldRowAsync(database, id: 1_500))
        {
            await using var db = BackfillBuildContext.Create(database.ConnectionString);
            var upgrade = TestEngine.Service(db).UpgradeAsync(BackfillBuildContext.CountQuantidade);
            await database.WaitUntilAsync(WaitingOnARow, "the backfill never reached the held row");
            Assert.Equal(1_400L, await database.ScalarAsync<long>("SELECT done_key[1]::bigint FROM __vidaplus_backfills"));
            await database.ExecuteAsync(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() " +
                "AND query LIKE '%DO $backfill$%'");

            await Assert.ThrowsAsync<MigrationFailedException>(() => upgrade);
        }
        Assert.Equal(1_400L, await database.ScalarAsync<long>("SELECT rows_done FROM __vidaplus_backfills"));
        Assert.Equal(1_400L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE quantidade = 1"));

        await using (var db = BackfillBuildContext.Create(database.ConnectionString))
        {
            await TestEngine.Service(db).UpgradeAsync(BackfillBuildContext.CountQuantidade);
        }

        Assert.Equal(2_000L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE quantidade = 1"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM __vidaplus_backfills"));
        Assert.Equal([.. Revisions.All, BackfillBuildContext.AddNomeBusca, BackfillBuildContext.CountQuantidade], await database.AppliedAsync());
    }

    [Fact]
    public async Task TheScript_RunByPsqlAsItSays_BackfillsInBatches()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, rows: 1_050);
        await using var db = BackfillBuildContext.Create();
        var sql = TestEngine.Service(db).Script(Revisions.AddRowVersions, BackfillBuildContext.AddNomeBusca, idempotent: false);
        Assert.Contains("-- Run it outside a transaction block (psql's default); if it stops, run it again", sql, StringComparison.Ordinal);

        var (exit, output) = await Psql.RunAsync(database.ConnectionString, sql);

        Assert.True(exit == 0, output);
        Assert.Contains("NOTICE:  backfilled estoques.nome_busca: 1050 rows in ", output, StringComparison.Ordinal);
        Assert.Equal(1_050L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE nome_busca = lower(nome)"));
        Assert.Equal(11L, await database.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM estoques"));
        Assert.Equal([.. Revisions.All, BackfillBuildContext.AddNomeBusca], await database.AppliedAsync());
    }

    /// <summary><paramref name="rows"/> stock items, quantidade 0, no nome_busca.</summary>
    internal static Task SeedAsync(TestDatabase database, int rows) => database.ExecuteAsync(
        $"INSERT INTO estoques (tipo_item, nome, quantidade, unidade) SELECT 'INSUMO', 'Item ' || g, 0, 'caixa' FROM generate_series(1, {rows}) g");

    private static List<string> Reports(IServiceProvider services)
    {
        var reports = new List<string>();
        services.GetRequiredService<MigrationProgress>().Backfilled += reports.Add;
        return reports;
    }

    private static async Task<HeldRow> HoldRowAsync(TestDatabase database, int id)
    {
        var connection = await database.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"SELECT 1 FROM estoques WHERE id = {id} FOR UPDATE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new HeldRow(connection, transaction);
    }

    // A writer's transaction holding one row, as a busy API does for a moment; rolled back unless committed.
    private sealed class HeldRow(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task CommitAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
