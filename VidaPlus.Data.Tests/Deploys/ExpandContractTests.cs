using Microsoft.EntityFrameworkCore;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Enums;
using VidaPlus.Data.Tests.Infrastructure;
using VidaPlus.Data.Tests.Migrations;

namespace VidaPlus.Data.Tests.Deploys;

/// <summary>
/// A column renamed while the older build serves: after expand both builds read what either wrote, the contract drops
/// the old column, and going back down restores it with every value.
/// </summary>
public sealed class ExpandContractTests
{
    private const string Unidades = "SELECT string_agg(coalesce(unidade, 'NULL'), ',' ORDER BY id) FROM estoques";

    [Fact]
    public async Task ARenamedColumn_ServesBothBuildsAfterExpand_ThenContractDropsTheOld_AndDownBringsItBack()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("""
            INSERT INTO estoques (tipo_item, nome, quantidade, unidade) SELECT 'INSUMO', 'Item ' || g, g, 'caixa' FROM generate_series(1, 3) g
            """);
        await using var build = RenameBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(build);

        await service.UpgradeAsync(RenameBuildContext.Expand);
        await using (var older = new VidaPlusDbContext(VidaPlusDbContextOptions.For(database.ConnectionString)))
        await using (var newer = TestBuilds.WithModel<RenamedUnidadeModel>(database.ConnectionString))
        {
            older.Estoques.Add(Item("Soro", "frasco"));
            await older.SaveChangesAsync();
            newer.Estoques.Add(Item("Dipirona", "ampola"));
            await newer.SaveChangesAsync();
            (await older.Estoques.SingleAsync(e => e.Id == 1)).Unidade = "litro";
            await older.SaveChangesAsync();
            (await newer.Estoques.SingleAsync(e => e.Id == 2)).Unidade = "grama";
            await newer.SaveChangesAsync();

            Assert.Equal(["litro", "grama", "caixa", "frasco", "ampola"], await older.Estoques.OrderBy(e => e.Id).Select(e => e.Unidade).ToListAsync());
            Assert.Equal(["litro", "grama", "caixa", "frasco", "ampola"], await newer.Estoques.OrderBy(e => e.Id).Select(e => e.Unidade).ToListAsync());
        }
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE unidade IS DISTINCT FROM unidade_medida"));
        Assert.True(await database.ScalarAsync<bool>(
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'unidade_medida'"));

        var contracted = await service.UpgradeAsync("head");

        Assert.Equal([RenameBuildContext.Contract], contracted.Steps.Select(s => s.Id));
        Assert.False(await database.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'unidade' AND NOT attisdropped)"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'estoques'::regclass AND NOT tgisinternal"));
        await using (var newer = TestBuilds.WithModel<RenamedUnidadeModel>(database.ConnectionString))
        {
            newer.Estoques.Add(Item("Gaze", "pacote"));
            await newer.SaveChangesAsync();
        }

        await service.DowngradeAsync(Revisions.Head);

        Assert.Equal("litro,grama,caixa,frasco,ampola,pacote", await database.ScalarAsync<string>(Unidades));
        Assert.False(await database.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'unidade_medida' AND NOT attisdropped)"));
        Assert.True(await database.ScalarAsync<bool>(
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'unidade'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE proname LIKE 'vp_sync_%'"));
    }

    [Fact]
    public async Task AnIntegerWidened_ServesBothBuildsAfterExpand_TheContractSwapsItIn_AndDownNarrowsItBack()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("""
            INSERT INTO estoques (tipo_item, nome, quantidade, unidade) SELECT 'INSUMO', 'Item ' || g, g, 'caixa' FROM generate_series(1, 3) g
            """);
        await using var build = WidenBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(build);

        await service.UpgradeAsync(WidenBuildContext.Expand);
        await using (var older = new VidaPlusDbContext(VidaPlusDbContextOptions.For(database.ConnectionString)))
        await using (var newer = TestBuilds.WithModel<WidenedQuantidadeModel>(database.ConnectionString))
        {
            older.Estoques.Add(Item("Soro", "frasco", quantidade: 40));
            await older.SaveChangesAsync();
            newer.Estoques.Add(Item("Dipirona", "ampola", quantidade: 50));
            await newer.SaveChangesAsync();
            (await older.Estoques.SingleAsync(e => e.Id == 1)).Quantidade = 10;
            await older.SaveChangesAsync();
            (await newer.Estoques.SingleAsync(e => e.Id == 2)).Quantidade = 20;
            await newer.SaveChangesAsync();

            Assert.Equal([10, 20, 3, 40, 50], await older.Estoques.OrderBy(e => e.Id).Select(e => e.Quantidade).ToListAsync());
            Assert.Equal([10, 20, 3, 40, 50], await newer.Estoques.OrderBy(e => e.Id).Select(e => e.Quantidade).ToListAsync());
        }
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE quantidade IS DISTINCT FROM quantidade_vp_new"));

        await service.UpgradeAsync("head");

        Assert.Equal("bigint NOT NULL", await database.ScalarAsync<string>(Definition("quantidade")));
        Assert.Equal("10,20,3,40,50", await database.ScalarAsync<string>("SELECT string_agg(quantidade::text, ',' ORDER BY id) FROM estoques"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname LIKE '%vp_new%' AND NOT attisdropped"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'estoques'::regclass AND NOT tgisinternal"));
        Assert.Equal("", await database.ScalarAsync<string>(
            "SELECT coalesce(string_agg(conname, ','), '') FROM pg_constraint WHERE conrelid = 'estoques'::regclass AND contype = 'c'"));

        await service.DowngradeAsync(Revisions.Head);

        Assert.Equal("integer NOT NULL", await database.ScalarAsync<string>(Definition("quantidade")));
        Assert.Equal("10,20,3,40,50", await database.ScalarAsync<string>("SELECT string_agg(quantidade::text, ',' ORDER BY id) FROM estoques"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname LIKE '%vp_new%' AND NOT attisdropped"));
        SchemaAssert.Equal(ExpectedSchema.Head, await database.ReadVidaPlusSchemaAsync(), "after going back down");
    }

    private static string Definition(string column) =>
        "SELECT format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END FROM pg_attribute " +
        $"WHERE attrelid = 'estoques'::regclass AND attname = '{column}'";

    private static Estoque Item(string nome, string unidade, int quantidade = 1) =>
        new() { TipoItem = TipoItem.Insumo, Nome = nome, Quantidade = quantidade, Unidade = unidade };
}
