using VidaPlus.Data.Engine;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Migrations;

/// <summary>
/// For every migration: up to it, down one, up again, on a real database. Each step succeeds, down leaves exactly the
/// schema that was there before, and the second up gives exactly what the first did.
/// </summary>
public sealed class MigrationStairwayTests
{
    [Theory]
    [MemberData(nameof(Revisions.Cases), MemberType = typeof(Revisions))]
    public async Task UpDownUp_LeavesNoTrace(string id)
    {
        var previous = Revisions.Before(id);
        await using var database = await TestDatabase.CreateAtAsync(previous);
        var before = await database.ReadVidaPlusSchemaAsync();

        await database.MigrateToAsync(id);
        var after = await database.ReadVidaPlusSchemaAsync();
        await database.MigrateToAsync(previous);
        SchemaAssert.Equal(before, await database.ReadVidaPlusSchemaAsync(), $"after {id} up then down");
        Assert.Equal(Revisions.All.TakeWhile(r => r != id), await database.AppliedAsync());

        await database.MigrateToAsync(id);
        SchemaAssert.Equal(after, await database.ReadVidaPlusSchemaAsync(), $"after {id} up, down and up again");
    }

    [Fact]
    public async Task EmptyDatabase_ReachesHead_AndBaseLeavesOnlyTheEnginesTables()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);

        await database.MigrateToAsync(Revisions.Head);
        Assert.Equal(Revisions.All, await database.AppliedAsync());

        await database.MigrateToAsync(Revisions.Base);
        var schema = await database.ReadSchemaAsync();
        Assert.Equal([TestDatabase.HistoryTable, EngineTables.Builds, MigrationRecords.TableName], schema.Tables.Select(t => t.Name));
        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT count(*) FROM {MigrationRecords.TableName}"));
        Assert.Empty(schema.Enums);
        Assert.Empty(await database.AppliedAsync());
    }
}
