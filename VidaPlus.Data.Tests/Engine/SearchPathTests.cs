using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;
using VidaPlus.Data.Tests.Migrations;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>A database whose connection selects another schema than public: every part works there.</summary>
public sealed class SearchPathTests
{
    [Fact]
    public async Task MigrationsCheckHeadCheckAndRecords_AllWorkInTheSchemaTheSearchPathSelects()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await database.ExecuteAsync("CREATE SCHEMA vidaplus");
        var inSchema = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = "vidaplus" }.ConnectionString;
        await using var db = new VidaPlusDbContext(VidaPlusDbContextOptions.For(inSchema));
        var service = TestEngine.Service(db);

        await service.UpgradeAsync("head");

        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        Assert.Equal(13, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'vidaplus'"));
        Assert.Empty(await service.CheckAsync());
        Assert.Equal(Revisions.Head, await TestEngine.CleanHeadAsync(inSchema));
        Assert.Equal(Revisions.Head, await TestEngine.CleanHeadAsync(inSchema));
        await using var connection = new NpgsqlConnection(inSchema);
        await connection.OpenAsync();
        SchemaAssert.Equal(ExpectedSchema.Head, (await Data.Schema.SchemaReader.ReadAsync(connection)).WithoutEngineTables(), "in schema vidaplus");

        await database.ExecuteAsync("CREATE INDEX ix_extra ON vidaplus.leitos (status)");
        Assert.Equal(["drift"], (await service.CheckAsync()).Select(p => p.Code));
        await service.DowngradeAsync("base", allowDataLoss: true);
        // The engine's history, records, verified builds and serving builds.
        Assert.Equal(4, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'vidaplus'"));
    }
}
