using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Integrity;

public sealed class ChecksumTests
{
    // Pinned: a rebuild or an EF Core patch update must not change it. If an EF Core update does, every applied
    // migration would read as edited: look at what changed in the operations' public properties before re-pinning.
    private const string InitialSchemaChecksum = "39c8be43a7dde8fdbf8f0593d28df76aa1b8ac6de6b882ae15190792cf82173a";

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void Checksum_IsStable_AndPinned()
    {
        Assert.Equal(MigrationChecksum.Compute(new InitialSchema()), MigrationChecksum.Compute(new InitialSchema()));
        Assert.Equal(InitialSchemaChecksum, MigrationChecksum.Compute(new InitialSchema()));
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void Checksum_ChangesWhenAnUpOrDownOperationChanges()
    {
        var original = MigrationChecksum.Compute(new WidenUnidade(80, downTo: 50));

        Assert.Equal(original, MigrationChecksum.Compute(new WidenUnidade(80, downTo: 50)));
        Assert.NotEqual(original, MigrationChecksum.Compute(new WidenUnidade(90, downTo: 50)));
        Assert.NotEqual(original, MigrationChecksum.Compute(new WidenUnidade(80, downTo: 40)));
    }

    [Fact]
    public async Task EditedAppliedMigration_IsReportedByCheck_AndStartupRefusesUnlessAllowed()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);
        await service.UpgradeAsync("+1");
        // The same as editing InitialSchema.cs after it ran: the recorded checksum no longer matches the code.
        await database.ExecuteAsync($"UPDATE {MigrationRecords.TableName} SET checksum = repeat('0', 64)");

        var problem = Assert.Single(await service.CheckAsync(), p => p.Code == "changed-migration");
        Assert.StartsWith($"Applied migration {Revisions.InitialSchema} was edited after it ran (applied ", problem.Message, StringComparison.Ordinal);

        var refusal = await Assert.ThrowsAsync<MigrationStateException>(() =>
            TestEngine.StartupAsync(TestSettings.For(database)));
        Assert.StartsWith($"Applied migration(s) {Revisions.InitialSchema} changed since they ran", refusal.Message, StringComparison.Ordinal);
        Assert.Equal([Revisions.InitialSchema], await database.AppliedAsync());

        await TestEngine.StartupAsync(TestSettings.For(database, ("MIGRATION_ALLOW_CHANGED", "true")));
        Assert.Equal(Revisions.All, await database.AppliedAsync());
    }

    [Fact]
    public async Task MigrationsAppliedByEfCore_AreRecordedInTheirOwnTransaction()
    {
        // The template was migrated by EF Core's own migrator, as `dotnet ef database update` does: the records came
        // with the history rows, in each migration's transaction.
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = database.NewContext();
        var records = await TestEngine.Service(db).ReadRecordsAsync();

        Assert.Equal(Revisions.All, records.Keys.Order());
        Assert.All(Revisions.All, id => Assert.Equal(CompiledMigrations.VidaPlus.Checksum(id), records[id].Checksum.Trim()));
        Assert.All(Revisions.All, id => Assert.Equal(VidaPlus.Data.Compatibility.CompatibilityClass.Expand, records[id].Compatibility));
        Assert.Empty(await TestEngine.Service(db).CheckAsync());
    }

    [Fact]
    public async Task MigrationsWithoutARecord_AreReported_UntilStampRecordOnly()
    {
        // As a build older than the records, or a hand-run script of another tool, leaves them.
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync($"DROP TABLE {MigrationRecords.TableName}");
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);

        var noRecord = (await service.CheckAsync()).Where(p => p.Code == "no-record").Select(p => p.Message).ToList();
        Assert.Equal(Revisions.All.Select(id =>
            $"Applied migration {id} has no VidaPlus record (applied by a build older than the records, or another tool): run `db stamp --record-only` to record it as it is now."),
            noRecord);

        await service.StampAsync("", recordOnly: true);

        Assert.Empty(await service.CheckAsync());
        var records = await service.ReadRecordsAsync();
        Assert.Equal(Revisions.All, records.Keys.Order());
        Assert.All(records.Values, r => Assert.Equal(64, r.Checksum.Length));
        Assert.Equal(Revisions.All, await database.AppliedAsync());
    }

    private sealed class WidenUnidade(int length, int downTo) : Migration
    {
        protected override void Up(MigrationBuilder b) =>
            b.AlterColumn<string>("unidade", "estoques", type: $"character varying({length})", maxLength: length, nullable: false,
                oldClrType: typeof(string), oldType: "character varying(50)", oldMaxLength: 50);

        protected override void Down(MigrationBuilder b) =>
            b.AlterColumn<string>("unidade", "estoques", type: $"character varying({downTo})", maxLength: downTo, nullable: false,
                oldClrType: typeof(string), oldType: $"character varying({length})", oldMaxLength: length);
    }
}
