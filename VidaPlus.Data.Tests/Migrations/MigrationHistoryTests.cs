using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Migrations;

/// <summary>
/// The migration history is one straight line, checked without a database: every migration in the assembly, with no
/// test code to add for a new one.
/// </summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed partial class MigrationHistoryTests
{
    private static readonly MigrationCatalog Catalog = TestDatabase.Catalog();

    [Fact]
    public void Ids_AreTimestampedAndUnique_AndNamesAreUnique()
    {
        var malformed = Catalog.Migrations.Where(m => !IdPattern().IsMatch(m.Id)).Select(m => m.Id);
        Assert.True(!malformed.Any(), $"Migration ids not of the form yyyyMMddHHmmss_Name: {string.Join(", ", malformed)}");

        var sharedNames = Catalog.Migrations.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1).Select(g => $"{g.Key} ({string.Join(", ", g.Select(m => m.Id))})");
        Assert.True(!sharedNames.Any(), $"Migrations share a name, so a name cannot pick one: {string.Join("; ", sharedNames)}");
    }

    [Theory]
    [MemberData(nameof(Revisions.Cases), MemberType = typeof(Revisions))]
    public void Migration_HasADesignerTargetModel(string id) =>
        Assert.True(Catalog.TargetModel(Find(id)) is not null,
            $"{id} has no target model: its .Designer.cs file is missing or lacks [DbContext] and BuildTargetModel.");

    [Fact]
    public void Snapshot_EqualsTheLastMigrationsTargetModel()
    {
        var last = Catalog.Migrations[^1];
        var differences = Catalog.Differ.GetDifferences(Catalog.TargetModel(last), Catalog.SnapshotModel());
        Assert.True(differences.Count == 0,
            $"The model snapshot differs from the target model of the last migration, {last.Id}, by: " +
            $"{Describe(differences)}. Usually two branches each added a migration and the merge kept one snapshot: " +
            "remove the later migration and add it again on top of the other.");
    }

    [Theory]
    [MemberData(nameof(Revisions.Cases), MemberType = typeof(Revisions))]
    public void Up_MakesEveryChangeFromThePreviousTargetModelToItsOwn(string id)
    {
        var (previous, current, migration) = Step(id);
        var missing = Missing(Catalog.Differ.GetDifferences(previous, current), Catalog.Create(migration).UpOperations);
        Assert.True(missing.Count == 0,
            $"Up() of {id} does not make these changes between the previous migration's model and its own: " +
            $"{string.Join(", ", missing)}. If it was added on a branch and merged after a newer migration, its model " +
            "lacks the other's changes: remove it and add it again on top.");
    }

    // EF's differ itself omits some undo steps (enum types, npgsql/efcore.pg#2514), so this catches a Down() that was
    // edited short; MigrationStairwayTests catch on a real database what the differ cannot see.
    [Theory]
    [MemberData(nameof(Revisions.Cases), MemberType = typeof(Revisions))]
    public void Down_UndoesEveryChangeBackToThePreviousTargetModel(string id)
    {
        var (previous, current, migration) = Step(id);
        var missing = Missing(Catalog.Differ.GetDifferences(current, previous), Catalog.Create(migration).DownOperations);
        Assert.True(missing.Count == 0,
            $"Down() of {id} does not undo: {string.Join(", ", missing)}. Either operations were removed from Down() " +
            "(restore them), or the migration was merged after a newer one (see the Up() test).");
    }

    private static CompiledMigration Find(string id) => Catalog.Migrations.Single(m => m.Id == id);

    private static (IRelationalModel? Previous, IRelationalModel? Current, CompiledMigration Migration) Step(string id)
    {
        var migration = Find(id);
        var before = Revisions.Before(id);
        return (before == Revisions.Base ? null : Catalog.TargetModel(Find(before)), Catalog.TargetModel(migration), migration);
    }

    // Model changes, by kind and object, that the written operations do not make. Extra written operations
    // (data fixes, raw SQL) are allowed: they are the author's to add.
    private static List<string> Missing(IEnumerable<MigrationOperation> needed, IEnumerable<MigrationOperation> written)
    {
        var remaining = written.Select(Signature).ToList();
        return [.. needed.Select(Signature).Where(signature => !remaining.Remove(signature))];
    }

    private static string Describe(IEnumerable<MigrationOperation> operations) =>
        string.Join(", ", operations.Select(Signature));

    // "AddColumn leitos.paciente_id": the operation's kind and the object it acts on.
    private static string Signature(MigrationOperation operation)
    {
        var type = operation.GetType();
        string? Read(string property) => type.GetProperty(property)?.GetValue(operation) as string;
        var target = string.Join('.', new[] { Read("Table"), Read("Name") }.Where(p => p is not null));
        var kind = type.Name.Replace("Operation", "", StringComparison.Ordinal);
        return target.Length > 0 ? $"{kind} {target}" : kind;
    }

    [GeneratedRegex(@"^\d{14}_[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdPattern();
}
