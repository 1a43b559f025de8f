using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Schema;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Schema;

/// <summary>
/// Drift compares what expressions mean, not how they are spelt: the model's CHECK constraints, partial index filters,
/// defaults and generated columns, as a developer writes them, against what PostgreSQL prints for the same objects.
/// </summary>
public sealed class ExpressionNormalizerTests
{
    [Fact]
    public async Task TheModelsSpelling_MatchesWhatPostgreSqlPrints_OnceTheServerHasReadIt()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("""
            ALTER TABLE estoques ADD CONSTRAINT ck_estoques_quantidade CHECK (quantidade >= 0 AND unidade <> '');
            CREATE INDEX ix_estoques_nome ON estoques (nome) WHERE quantidade > 100;
            ALTER TABLE estoques ALTER COLUMN unidade SET DEFAULT 'caixa';
            ALTER TABLE estoques ADD COLUMN dobro integer GENERATED ALWAYS AS (quantidade * 2) STORED;
            """);
        var actual = await database.ReadVidaPlusSchemaAsync();
        var live = actual.FindTable("estoques")!;
        // As the model would say them (HasCheckConstraint, HasFilter, HasDefaultValueSql, HasComputedColumnSql).
        var estoques = live with
        {
            Columns = [.. live.Columns.Select(c => c.Name switch
            {
                "unidade" => c with { Default = "'caixa'" },
                "dobro" => c with { Generated = "quantidade * 2" },
                _ => c,
            })],
            Indexes = [.. live.Indexes.Select(i => i.Name == "ix_estoques_nome" ? i with { Filter = "quantidade > 100" } : i)],
            OtherConstraints = [.. live.OtherConstraints.Select(c => c.Name == "ck_estoques_quantidade"
                ? c with { Definition = "CHECK (quantidade >= 0 AND unidade <> '')" } : c)],
        };
        var expected = actual with { Tables = [.. actual.Tables.Select(t => t.Name == "estoques" ? estoques : t)] };
        Assert.NotEmpty(SchemaComparer.Compare(expected, actual));

        await using var connection = await database.OpenAsync();
        var normalized = await ExpressionNormalizer.NormalizeAsync(connection, expected, actual, CancellationToken.None);

        SchemaAssert.Equal(actual, normalized, "once the server has read the model's expressions");
        Assert.False(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'vp_%')"));
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void TheModelsChecksAndGeneratedColumns_AreInTheSchemaItDescribes()
    {
        using var db = new ChecksContext(TestBuilds.Options(null));

        var estoques = ModelSchema.From(db.GetService<IDesignTimeModel>().Model).FindTable("estoques")!;

        Assert.Contains("constraint estoques ck_estoques_quantidade CHECK (quantidade >= 0)", estoques.ToLines());
        Assert.Contains("column estoques.quantidade_dobro integer not null generated always as (quantidade * 2) stored", estoques.ToLines());
    }

    private sealed class ChecksContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<Estoque>(e =>
            {
                e.ToTable(t => t.HasCheckConstraint("ck_estoques_quantidade", "quantidade >= 0"));
                e.Property<int>("QuantidadeDobro").HasComputedColumnSql("quantidade * 2", stored: true);
            });
        }
    }
}
