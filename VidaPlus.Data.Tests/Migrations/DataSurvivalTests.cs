using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Migrations;

/// <summary>
/// For every revision: seed each migration's rows right after applying it, up to that revision, then upgrade to head;
/// every row and every value is still there, unchanged. A migration needs seed rows only if it adds a table (or
/// makes new kinds of rows possible, like a free bed): the test fails while any table is left empty.
/// </summary>
public sealed class DataSurvivalTests
{
    [Theory]
    [MemberData(nameof(Revisions.Cases), MemberType = typeof(Revisions))]
    public async Task RowsSeededUpToARevision_SurviveTheUpgradeToHead(string revision)
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        foreach (var migration in CompiledMigrations.VidaPlus.All.TakeWhile(m => string.CompareOrdinal(m.Id, revision) <= 0))
        {
            await database.MigrateToAsync(migration.Id);
            if (SeedData.ByMigrationName.TryGetValue(migration.Name, out var seed))
            {
                await database.ExecuteAsync(seed);
            }
        }

        var before = await ReadAsync(database);
        var empty = before.Tables.Where(t => before.RowCount(t) == 0).ToList();
        Assert.True(empty.Count == 0, $"At {revision}, table(s) without seed rows: {string.Join(", ", empty)}. Extend SeedData.");

        await database.MigrateToAsync(Revisions.Head);
        var lost = before.LostIn(await ReadAsync(database)).ToList();
        Assert.True(lost.Count == 0, $"Upgrading from {revision} to head lost or changed data:\n  {string.Join("\n  ", lost)}");
    }

    private static async Task<TableContents> ReadAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return await TableContents.ReadAsync(connection, await database.ReadVidaPlusSchemaAsync());
    }
}
