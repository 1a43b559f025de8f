using VidaPlus.Data.Tests.Infrastructure;
using VidaPlus.Data.Tests.Migrations;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>`db upgrade --dry-run`: the pending migrations run for real on the real data, then roll back.</summary>
public sealed class DryRunTests
{
    [Fact]
    public async Task DryRun_ReportsEachPendingMigration_AndChangesNothing()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);
        await database.ExecuteAsync(SeedData.ByMigrationName["InitialSchema"]);
        var before = await database.ReadSchemaAsync();
        await using var db = database.NewContext();

        var steps = await TestEngine.Service(db).DryRunAsync("head");

        Assert.Equal([(Revisions.AddEstoquesAndLeitos, (string?)null), (Revisions.MakeLeitoPacienteOptional, null), (Revisions.AddRowVersions, null)],
            steps.Select(s => (s.Id, s.Error)));
        Assert.All(steps, s => Assert.True(s.Duration > TimeSpan.Zero));
        Assert.Equal([Revisions.InitialSchema], await database.AppliedAsync());
        SchemaAssert.Equal(before, await database.ReadSchemaAsync(), "after a dry run");
    }

    [Fact]
    public async Task DryRun_StopsAtTheFirstFailure_NamingIt_AndChangesNothing()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.InitialSchema);
        await database.ExecuteAsync("CREATE TABLE estoques (id int)");
        var before = await database.ReadSchemaAsync();
        await using var db = database.NewContext();

        var step = Assert.Single(await TestEngine.Service(db).DryRunAsync("+2"));

        Assert.Equal((Revisions.AddEstoquesAndLeitos, "42P07: relation \"estoques\" already exists"), (step.Id, step.Error));
        Assert.Equal([Revisions.InitialSchema], await database.AppliedAsync());
        SchemaAssert.Equal(before, await database.ReadSchemaAsync(), "after a failed dry run");
    }
}
