using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using VidaPlus.Data.Schema;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Migrations;

/// <summary>The migrated database against the written specification and against the EF model, both ways.</summary>
public sealed class SpecifiedSchemaTests
{
    public static TheoryData<string> SpecifiedRevisions => [.. ExpectedSchema.ByRevision.Keys];

    [Theory]
    [MemberData(nameof(SpecifiedRevisions))]
    public async Task Revision_HasTheSpecifiedSchema(string revision)
    {
        await using var database = await TestDatabase.CreateAtAsync(revision);
        SchemaAssert.Equal(ExpectedSchema.ByRevision[revision], await database.ReadVidaPlusSchemaAsync(), $"at {revision}");
    }

    [Fact]
    public void EveryMigration_HasASpecifiedSchema()
    {
        var unspecified = Revisions.All.Except(ExpectedSchema.ByRevision.Keys).ToList();
        Assert.True(unspecified.Count == 0,
            $"No expected schema for {string.Join(", ", unspecified)}: add the schema after it to ExpectedSchema.ByRevision.");
        Assert.Equal(Revisions.All, ExpectedSchema.ByRevision.Keys);
    }

    [Fact]
    public async Task Head_MatchesTheModel_NothingMissingNothingExtra()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = database.NewContext();
        var model = ModelSchema.From(db.GetService<IDesignTimeModel>().Model);

        SchemaAssert.Equal(model, await database.ReadVidaPlusSchemaAsync(), "at head, against the EF model,");
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures.");
    }
}
