using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>
/// <c>migrationBuilder.Backfill</c> walks the keys a table has, of any type and however sparse (keyset pagination),
/// and trusts no progress kept for another table or key.
/// </summary>
public sealed class BackfillKeysTests
{
    [Fact]
    public async Task AUuidKeyedTable_IsFilledInBatches_EveryRowOnce()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("""
            CREATE TABLE lotes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), codigo text);
            INSERT INTO lotes (codigo) SELECT NULL FROM generate_series(1, 250);
            """);

        await BackfillAsync(database, new BackfillOperation { Table = "lotes", Column = "codigo", Value = "'L-' || id", KeyColumns = ["id"], BatchSize = 100 });

        Assert.Equal(250L, await database.ScalarAsync<long>("SELECT count(*) FROM lotes WHERE codigo = 'L-' || id"));
        // 250 keys in batches of 100: three transactions.
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM lotes"));
    }

    [Fact]
    public async Task ACompositeKeyedTable_IsFilledInKeyOrder_EveryRowOnce()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("""
            CREATE TABLE turnos (leito_id integer, dia date, "order" integer, PRIMARY KEY (leito_id, dia));
            INSERT INTO turnos SELECT l, DATE '2027-01-01' + d, NULL FROM generate_series(1, 10) l, generate_series(0, 29) d;
            """);

        await BackfillAsync(database, new BackfillOperation
        {
            Table = "turnos",
            Column = "order",
            Value = "leito_id * 100 + extract(day FROM dia)::int",
            Where = "\"order\" IS NULL",
            KeyColumns = ["leito_id", "dia"],
            BatchSize = 70,
        });

        Assert.Equal(300L, await database.ScalarAsync<long>("SELECT count(*) FROM turnos WHERE \"order\" = leito_id * 100 + extract(day FROM dia)::int"));
        // 300 keys in batches of 70: five transactions, the batches ending mid-leito.
        Assert.Equal(5L, await database.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM turnos"));
    }

    [Fact]
    public async Task SparseKeys_TakeTheBatchesTheRowsNeed_NotOnePerRangeOfIds()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("CREATE TABLE esparsos (id bigint PRIMARY KEY, valor integer); INSERT INTO esparsos VALUES (1, NULL), (1000000000000, NULL)");

        await BackfillAsync(database, new BackfillOperation { Table = "esparsos", Column = "valor", Value = "1", BatchSize = 5_000 });

        Assert.Equal("1 1, 1000000000000 1", await database.ScalarAsync<string>("SELECT string_agg(id || ' ' || valor, ', ' ORDER BY id) FROM esparsos"));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM esparsos"));
    }

    [Fact]
    public async Task ProgressKeptForAnotherTable_IsNotTrusted_TheWalkStartsOver()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("CREATE TABLE esparsos (id bigint PRIMARY KEY, valor integer); INSERT INTO esparsos SELECT g, NULL FROM generate_series(1, 50) g");
        var backfill = new BackfillOperation { Table = "esparsos", Column = "valor", Value = "1", BatchSize = 10 };
        await database.ExecuteAsync(BackfillSql.ProgressTable);
        // As a run over a table of that name since dropped and made again would have left it: past every key here.
        await database.ExecuteAsync($"""
            INSERT INTO __vidaplus_backfills VALUES ('{backfill.Job}', 'leitos'::regclass, ARRAY['id'], ARRAY['40'], 40, 40, now(), now())
            """);

        await BackfillAsync(database, backfill);

        Assert.Equal(50L, await database.ScalarAsync<long>("SELECT count(*) FROM esparsos WHERE valor = 1"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM __vidaplus_backfills"));
    }

    // The backfill's SQL as every path generates it, run as EF Core's migrator runs a migration's commands.
    private static async Task BackfillAsync(TestDatabase database, BackfillOperation backfill)
    {
        await using var db = database.NewContext();
        var commands = db.GetService<IMigrationsSqlGenerator>().Generate([backfill]);
        await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>());
    }
}
