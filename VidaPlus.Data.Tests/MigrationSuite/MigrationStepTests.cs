using VidaPlus.Data.Schema;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.MigrationSuite;

/// <summary>Each migration, up and then down, leaves the schema specified for that revision.</summary>
public sealed class MigrationStepTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly (string Revision, IReadOnlyList<string> Schema)[] Steps =
    [
        (Revisions.InitialSchema, ExpectedSchema.AfterInitialSchema),
        (Revisions.AddEstoquesAndLeitos, ExpectedSchema.AfterAddEstoquesAndLeitos),
        (Revisions.MakeLeitoPacienteOptional, ExpectedSchema.Head),
    ];

    [Fact]
    public async Task UpThenDown_EachStepLeavesItsSchema_AndBaseLeavesOnlyTheHistoryTable()
    {
        foreach (var (revision, expected) in Steps)
        {
            await database.MigrateToAsync(revision);
            SchemaAssert.Equal(expected, await ReadVidaPlusSchemaAsync(), $"after upgrading to {revision}");
        }

        for (var i = Steps.Length - 2; i >= 0; i--)
        {
            await database.MigrateToAsync(Steps[i].Revision);
            SchemaAssert.Equal(Steps[i].Schema, await ReadVidaPlusSchemaAsync(), $"after downgrading to {Steps[i].Revision}");
        }

        await database.MigrateToAsync(Revisions.Base);
        var empty = await database.ReadSchemaAsync();
        SchemaAssert.Equal([$"table {TestDatabase.HistoryTable}"],
            empty with { Tables = [.. empty.Tables.Select(t => t.Name == TestDatabase.HistoryTable ? Bare(t) : t)] },
            "after downgrading to base");
    }

    private async Task<DatabaseSchema> ReadVidaPlusSchemaAsync() =>
        (await database.ReadSchemaAsync()).WithoutTable(TestDatabase.HistoryTable);

    // The history table's own columns are EF's business; only its presence matters here.
    private static Table Bare(Table table) => table with { Columns = [], PrimaryKey = null };
}
