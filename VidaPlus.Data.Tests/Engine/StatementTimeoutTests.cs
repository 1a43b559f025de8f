using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>MIGRATION_STATEMENT_TIMEOUT bounds each migration statement on the server; without it, a statement runs as
/// long as it needs, past EF Core's 30 s client timeout.</summary>
public sealed class StatementTimeoutTests
{
    [Fact]
    public async Task AStatementLongerThanTheTimeout_FailsTheMigration_WhichRollsBack_AndRunsWithoutIt()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = SlowBuildContext.Create(database.ConnectionString);

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() =>
            TestEngine.Service(db, LockWaitOptions.Default with { StatementTimeout = TimeSpan.FromMilliseconds(200) }).UpgradeAsync("head"));

        Assert.EndsWith("57014: canceling statement due to statement timeout", error.Message, StringComparison.Ordinal);
        Assert.Empty(await database.AppliedAsync());
        await TestEngine.Service(db).UpgradeAsync("head");
        Assert.Equal([SlowMigration.Id], await database.AppliedAsync());
    }
}

internal sealed class SlowBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static SlowBuildContext Create(string connectionString) => new(TestBuilds.Options(connectionString));
}

[DbContext(typeof(SlowBuildContext))]
[Migration(Id)]
internal sealed class SlowMigration : Migration
{
    public const string Id = "20261128000001_Slow";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("SELECT pg_sleep(1)");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("SELECT 1");
}
