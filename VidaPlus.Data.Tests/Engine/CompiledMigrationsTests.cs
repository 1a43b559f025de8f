using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

[Trait(Category.Name, Category.NoDatabase)]
public sealed class CompiledMigrationsTests
{
    [Fact]
    public void SameMigrationsInTheSameOrderAsEfCore_CreatedWithTheProviderSet()
    {
        using var db = TestDatabase.OfflineContext();
        var ef = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList();
        var compiled = CompiledMigrations.VidaPlus;

        Assert.Equal(ef, compiled.All.Select(m => m.Id));
        Assert.Equal(VidaPlusDbContextOptions.ProviderName, db.Database.ProviderName);
        // EF Core's MigrationsAssembly.CreateMigration sets it; an Up() may branch on it, and the checksum with it.
        Assert.All(compiled.All, m => Assert.Equal(db.Database.ProviderName, compiled.Create(m).ActiveProvider));
        Assert.Equal(compiled.All[^1].Id, compiled.Head);
        Assert.Equal("AddRowVersions", compiled.NameOf(compiled.Head));
    }
}
