using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.MigrationSuite;

/// <summary>All migrations applied to an empty database give exactly the specified schema.</summary>
public sealed class MigrationSchemaTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Head_MatchesTheSpecifiedSchema()
    {
        await database.MigrateToAsync(Revisions.MakeLeitoPacienteOptional);
        var schema = await database.ReadSchemaAsync();

        SchemaAssert.Equal(ExpectedSchema.Head, schema.WithoutTable(TestDatabase.HistoryTable), "at head");
        Assert.NotNull(schema.FindTable(TestDatabase.HistoryTable));
    }
}
