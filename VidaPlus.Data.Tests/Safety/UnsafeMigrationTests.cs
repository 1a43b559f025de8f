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
    public async Task AnEmptyTable_IsNeverRefused()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = OnlineBuildContext.Create(database.ConnectionString);

        await Service(db, new UnsafeMigrationOptions(MinRows: 1)).UpgradeAsync("head");

        Assert.Equal([.. Revisions.All, OnlineBuildContext.UniqueUnidade, OnlineBuildContext.PlainStatusIndex], await database.AppliedAsync());
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
}
