using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>A pending migration with a lint problem nobody accepted is refused, before anything changes, on a table
/// big enough for it to matter; never on a small or empty one.</summary>
public sealed class UnsafeMigrationTests
{
    private static readonly UnsafeMigrationOptions TenRows = new(MinRows: 10);

    [Fact]
    // Never analyzed, the table is counted as far as the threshold: "10 rows or more" is what is known, and enough.
    public async Task APlainIndexOnABigTable_IsRefusedNamingRuleTableRowsAndTheSafeWay_AndNothingChanges()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, tipo, status) SELECT 'L' || g, 'UTI', 'LIVRE' FROM generate_series(1, 25) g");
        await using var db = OnlineBuildContext.Create(database.ConnectionString);

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => Service(db, TenRows).UpgradeAsync("head"));

        Assert.Equal($"Refusing to apply {OnlineBuildContext.PlainStatusIndex}: VP001 index-not-concurrent, CreateIndex ix_leitos_status " +
            $"on leitos (leitos holds 10 rows or more). {LintRule.IndexNotConcurrent.Why} Safe way: {LintRule.IndexNotConcurrent.Fix} " +
            "Nothing was changed. A migration that takes the risk on purpose says so with [AcceptsRisk(\"VPnnn\", \"why\")]; " +
            "MIGRATION_UNSAFE_MIN_ROWS (now 10) is the table size from which a problem is refused.", error.Message);
        Assert.Equal(Revisions.All, await database.AppliedAsync());
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('ix_estoques_unidade') IS NOT NULL"));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('ix_leitos_status') IS NOT NULL"));

        await Service(db, new UnsafeMigrationOptions(MinRows: 26)).UpgradeAsync("head");
        Assert.Equal([.. Revisions.All, OnlineBuildContext.UniqueUnidade, OnlineBuildContext.PlainStatusIndex], await database.AppliedAsync());
    }

    [Fact]
    public async Task ADownThatBlocksABigTablesWriters_IsRefusedLikeAnUp_AndNothingChanges()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, tipo, status) SELECT 'L' || g, 'UTI', 'LIVRE' FROM generate_series(1, 25) g");
        await using var db = OnlineBuildContext.Create(database.ConnectionString);
        await Service(db, new UnsafeMigrationOptions(MinRows: 26)).UpgradeAsync("head");

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => Service(db, TenRows).DowngradeAsync("-1"));

        Assert.StartsWith($"Refusing to downgrade: {OnlineBuildContext.PlainStatusIndex}: VP002 drop-index-not-concurrent, Down: DropIndex " +
            $"ix_leitos_status (leitos holds 25 rows or more). {LintRule.DropIndexNotConcurrent.Why}", error.Message, StringComparison.Ordinal);
        Assert.Equal([.. Revisions.All, OnlineBuildContext.UniqueUnidade, OnlineBuildContext.PlainStatusIndex], await database.AppliedAsync());
        Assert.True(await database.ScalarAsync<bool>("SELECT to_regclass('ix_leitos_status') IS NOT NULL"));
    }

    [Fact]
    public async Task EfCoresOwnMigrate_AsDotnetEfDatabaseUpdateAndBundlesCallIt_IsRefusedTheSame()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        // MIGRATION_UNSAFE_MIN_ROWS is read from the environment on this path: its default, 10,000.
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, tipo, status) SELECT 'L' || g, 'UTI', 'LIVRE' FROM generate_series(1, 10000) g");
        await using var db = OnlineBuildContext.Create(database.ConnectionString);

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => db.Database.MigrateAsync());

        Assert.StartsWith($"Refusing to apply {OnlineBuildContext.PlainStatusIndex}: VP001 index-not-concurrent, CreateIndex ix_leitos_status " +
            "on leitos (leitos holds ", error.Message, StringComparison.Ordinal);
        Assert.Contains("MIGRATION_UNSAFE_MIN_ROWS (now 10", error.Message, StringComparison.Ordinal);
        Assert.Equal(Revisions.All, await database.AppliedAsync());
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('ix_estoques_unidade') IS NOT NULL"));
    }

    [Fact]
    public async Task AnEmptyTable_IsNeverRefused()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = OnlineBuildContext.Create(database.ConnectionString);

        await Service(db, new UnsafeMigrationOptions(MinRows: 1)).UpgradeAsync("head");

        Assert.Equal([.. Revisions.All, OnlineBuildContext.UniqueUnidade, OnlineBuildContext.PlainStatusIndex], await database.AppliedAsync());
    }

    [Fact]
    public async Task RawSqlOnABigTable_NobodyAccepted_IsRefused_AndNothingChanges()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await BackfillTests.SeedAsync(database, rows: 25);
        await using var db = BackfillBuildContext.Create(database.ConnectionString);

        var error = await Assert.ThrowsAsync<MigrationStateException>(() =>
            TestEngine.Services(db, unsafeMigrations: TenRows).GetRequiredService<MigrationService>().UpgradeAsync(BackfillBuildContext.RawIndex));

        // Judged by what PostgreSQL does with it, on a copy of the schema (MigrationTrace).
        Assert.StartsWith($"Refusing to apply {BackfillBuildContext.RawIndex}: VP012 blocks-writers-traced, statement 1 (CREATE INDEX " +
            $"ix_estoques_nome_busca ON estoques (nome_busca)) takes SHARE on public.estoques and reads all of it (public.estoques holds 10 rows " +
            $"or more). {LintRule.Traced.Why} Safe way: {LintRule.Traced.Fix} Nothing was changed.", error.Message, StringComparison.Ordinal);
        Assert.Equal(Revisions.All, await database.AppliedAsync());
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'estoques' AND column_name = 'nome_busca'"));
    }

    [Fact]
    public async Task RowsThatWouldStopARequiredColumnMidway_AreRefusedBeforeAnythingChanges_NamingTheRowsAndTheSafeWay()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await BackfillTests.SeedAsync(database, rows: 25);
        await using var db = BackfillBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(db);
        await service.UpgradeAsync(BackfillBuildContext.RawIndex);
        await database.ExecuteAsync("UPDATE estoques SET nome_busca = NULL WHERE id <= 3");

        var nulls = await Assert.ThrowsAsync<MigrationStateException>(() => service.UpgradeAsync(BackfillBuildContext.RequireNomeBusca));

        Assert.Equal($"Refusing to apply {BackfillBuildContext.RequireNomeBusca}: estoques.nome_busca is made NOT NULL, but 3 row(s) hold " +
            "NULL there, which would stop it midway. Fill them first (migrationBuilder.Backfill, before the change or in an earlier " +
            "migration), or give the column a default in the model. Nothing was changed.", nulls.Message);
        Assert.False(await database.ScalarAsync<bool>(
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'nome_busca'"));
        await database.ExecuteAsync("UPDATE estoques SET nome_busca = lower(nome) WHERE nome_busca IS NULL");
        await service.UpgradeAsync(BackfillBuildContext.RequireNomeBusca);

        var rows = await Assert.ThrowsAsync<MigrationStateException>(() => service.UpgradeAsync("head"));

        Assert.Equal($"Refusing to apply {BackfillBuildContext.AddLote}: estoques.lote is added NOT NULL with no default, but estoques has " +
            "rows, which would stop it midway. Add it nullable, fill it with migrationBuilder.Backfill, then make it required; or " +
            "give it a default in the model. Nothing was changed.", rows.Message);
        Assert.Equal([.. Revisions.All, BackfillBuildContext.AddNomeBusca, BackfillBuildContext.CountQuantidade, BackfillBuildContext.RawIndex,
            BackfillBuildContext.RequireNomeBusca], await database.AppliedAsync());
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void RawSqlOnAnExistingTable_IsAProblemUntilAccepted_OnANewTableOrNoTableOnlyNotChecked()
    {
        Assert.Equal(
        [
            ("VP000", "leitos", true), ("VP000", "estoques", true), ("VP000", null, false), ("VP000", null, false),
        ], MigrationLinter.Lint(new RawChanges(), "20990101000000_RawChanges").Select(f => (f.Rule.Id, f.Table, f.IsProblem)));
        Assert.Equal(
        [
            ("VP000", "leitos", false), ("VP000", "estoques", false), ("VP000", null, false), ("VP000", null, false),
        ], MigrationLinter.Lint(new AcceptedRawChanges(), "20990101000000_AcceptedRawChanges").Select(f => (f.Rule.Id, f.Table, f.IsProblem)));
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void AnUpdateOrDeleteOfAnExistingTable_IsUnbatched_VP011_OnANewTableOnlyNotChecked()
    {
        var findings = MigrationLinter.Lint(new DataChanges(), "20990101000000_DataChanges");

        Assert.Equal(
        [
            ("VP011", "estoques", true), ("VP011", "leitos", true), ("VP000", null, false),
        ], findings.Select(f => (f.Rule.Id, f.Table, f.IsProblem)));
    }

    [Fact]
    public async Task ABackfillAndThenNotNull_AsTwoPendingMigrations_AreJudgedInOrder_AndApplyInOneUpgrade()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO estoques (tipo_item, nome, quantidade, unidade) SELECT 'INSUMO', 'Item ' || g, 1, 'caixa' FROM generate_series(1, 25) g");
        await using var db = PendingRunBuildContext.Create(database.ConnectionString);

        await TestEngine.Services(db, unsafeMigrations: TenRows).GetRequiredService<MigrationService>().UpgradeAsync(PendingRunBuildContext.RequireDataValidade);

        Assert.Equal([.. Revisions.All, PendingRunBuildContext.FillDataValidade, PendingRunBuildContext.RequireDataValidade], await database.AppliedAsync());
        Assert.Equal(25L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE data_validade = DATE '2030-01-01'"));
        Assert.True(await database.ScalarAsync<bool>("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'data_validade'"));
    }

    [Fact]
    public async Task AColumnAddedInOnePendingMigration_AndMadeRequiredInTheNext_IsRefusedBeforeAnythingChanges()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO estoques (tipo_item, nome, quantidade, unidade, data_validade) VALUES ('INSUMO', 'Luva', 1, 'caixa', '2027-01-01')");
        await using var db = PendingRunBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Services(db, unsafeMigrations: TenRows).GetRequiredService<MigrationService>();
        await service.UpgradeAsync(PendingRunBuildContext.RequireDataValidade);

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => service.UpgradeAsync(PendingRunBuildContext.RequireLote));

        Assert.Equal($"Refusing to apply {PendingRunBuildContext.RequireLote}: estoques.lote is made NOT NULL, but {PendingRunBuildContext.AddLote}, " +
            "pending, adds the column before with no default, so each of estoques's rows would hold NULL there, which would stop it midway. " +
            "Fill them with migrationBuilder.Backfill in between, or give the column a default in the model. Nothing was changed.", error.Message);
        Assert.Equal([.. Revisions.All, PendingRunBuildContext.FillDataValidade, PendingRunBuildContext.RequireDataValidade], await database.AppliedAsync());
        Assert.False(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'lote')"));
    }

    private static MigrationService Service(OnlineBuildContext db, UnsafeMigrationOptions options) =>
        TestEngine.Services(db, unsafeMigrations: options).GetRequiredService<MigrationService>();

    private sealed class DataChanges : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE estoques SET unidade = lower(unidade)");
            migrationBuilder.Sql("delete from ONLY \"leitos\" WHERE status = 'LIVRE'");
            migrationBuilder.CreateTable("novas", t => new { id = t.Column<int>() });
            migrationBuilder.Sql("UPDATE novas SET id = id");
        }
    }

    private class RawChanges : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("INSERT INTO leitos (numero_leito, tipo, status) SELECT 'E-' || id, 'ENFERMARIA', 'LIVRE' FROM estoques");
            migrationBuilder.CreateTable("novas", t => new { id = t.Column<int>() });
            migrationBuilder.Sql("CREATE INDEX ix_novas_id ON novas (id)");
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_leitos_paciente_id", suppressTransaction: true);
        }
    }

    [AcceptsRisk("VP000", "leitos and estoques hold a few hundred rows in every hospital")]
    private sealed class AcceptedRawChanges : RawChanges;
}
