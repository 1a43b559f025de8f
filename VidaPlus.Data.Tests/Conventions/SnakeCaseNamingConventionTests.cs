using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Conventions;

/// <summary>A new entity that no configuration names gets a snake_case table, as every other table has.</summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed class SnakeCaseNamingConventionTests
{
    [Fact]
    public void ANewEntityWithoutATableName_GetsASnakeCaseTable_AndItsKeyAndIndexFollow()
    {
        using var db = new QuartoContext(TestBuilds.Options(null));

        var quarto = db.GetService<IDesignTimeModel>().Model.FindEntityType(typeof(SalaDeEspera))!;

        Assert.Equal(("salas_de_espera", "pk_salas_de_espera", "numero_sala"),
            (quarto.GetTableName(), quarto.FindPrimaryKey()!.GetName(), quarto.FindProperty(nameof(SalaDeEspera.NumeroSala))!.GetColumnName()));
        // The configured names are left as they are.
        Assert.Equal("leitos", db.GetService<IDesignTimeModel>().Model.FindEntityType(typeof(Entities.Leito))!.GetTableName());
    }

    private sealed class SalaDeEspera
    {
        public int Id { get; set; }

        public string NumeroSala { get; set; } = "";
    }

    private sealed class QuartoContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
    {
        public DbSet<SalaDeEspera> SalasDeEspera => Set<SalaDeEspera>();
    }
}
