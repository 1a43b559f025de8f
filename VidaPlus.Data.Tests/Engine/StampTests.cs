using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>Stamping writes the history and the records as SQL text that nothing formats: a reason may hold anything.
/// (EF Core's raw-SQL API would read the braces as format placeholders and fail.)</summary>
public sealed class StampTests
{
    internal const string Reason = "reads {nothing} older code uses; it's {0} \"safe\" {";

    [Fact]
    public async Task DeclaredExpandReasonWithBracesAndQuotes_StampsAndRecordsItExactly()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = BracesBuildContext.Create(database.ConnectionString);

        var run = await TestEngine.Service(db).StampAsync("head");

        Assert.Equal(BracesMigration.Id, run.To);
        Assert.Equal([BracesMigration.Id], await database.AppliedAsync());
        Assert.Equal(Reason, await database.ScalarAsync<string>($"SELECT compatibility_reason FROM {MigrationRecords.TableName}"));
        await TestEngine.Service(db).StampAsync("base");
        Assert.Empty(await database.AppliedAsync());
    }
}

/// <summary>A build of one migration whose declared reason holds braces and quotes.</summary>
internal sealed class BracesBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static BracesBuildContext Create(string connectionString) => new(TestBuilds.Options(connectionString));
}

[DbContext(typeof(BracesBuildContext))]
[Migration(Id)]
[DeclaredExpand(StampTests.Reason)]
internal sealed class BracesMigration : Migration
{
    public const string Id = "20261128000000_Braces";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("SELECT 1");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("SELECT 1");
}
