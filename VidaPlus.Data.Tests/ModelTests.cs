using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests;

/// <summary>The model itself, with no database: what `dotnet ef migrations has-pending-model-changes` checks, and more.</summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed class ModelTests
{
    [Fact]
    public void Model_HasNoChangesMissingFromTheMigrations()
    {
        using var db = TestDatabase.OfflineContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes no migration captures: run `dotnet ef migrations add NAME --project VidaPlus.Data`.");
    }

    [Fact]
    public void EveryEntityClass_IsInTheModel()
    {
        using var db = TestDatabase.OfflineContext();
        var entityClasses = typeof(VidaPlusDbContext).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, Namespace: "VidaPlus.Data.Entities" } && !t.IsNested)
            .Select(t => t.Name);
        var missing = entityClasses.Except(db.Model.GetEntityTypes().Select(e => e.ClrType.Name)).ToList();
        Assert.True(missing.Count == 0,
            $"Entity classes not in VidaPlusDbContext's model: {string.Join(", ", missing)}. " +
            "Add a DbSet and an IEntityTypeConfiguration for each, then a migration.");
    }

    [Fact]
    public void EveryEnum_IsDeclaredAsAPostgresTypeWithItsLabelsInDeclarationOrder()
    {
        using var db = TestDatabase.OfflineContext();
        // Enum declarations are design-time annotations: the runtime model drops them.
        var declared = db.GetService<IDesignTimeModel>().Model.GetAnnotations()
            .Where(a => a.Name.StartsWith("Npgsql:Enum:", StringComparison.Ordinal))
            .ToDictionary(a => a.Name["Npgsql:Enum:".Length..], a => a.Value?.ToString());
        var enumClasses = typeof(VidaPlusDbContext).Assembly.GetTypes()
            .Where(t => t is { IsEnum: true, Namespace: "VidaPlus.Data.Enums" }).Select(t => t.Name);

        Assert.Equal(enumClasses.Order(), PostgresEnums.All.Select(e => e.ClrType.Name).Order());
        Assert.Equal(
            PostgresEnums.All.ToDictionary(e => e.Name, e => (string?)string.Join(',', PostgresEnums.Labels(e.ClrType))),
            declared);
        Assert.Equal(["UTI", "ENFERMARIA", "EMERGENCIA", "ISOLAMENTO", "SEMI_INTENSIVO", "PEDIATRICO", "NEONATAL", "PSIQUIATRICO"],
            PostgresEnums.Labels(typeof(Enums.TipoLeito)));
    }
}
