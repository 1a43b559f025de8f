using VidaPlus.Data.Integrity;
using VidaPlus.Data.Migrating;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Integrity;

/// <summary>The startup fast path says "clean at head" only when the full path would have nothing to do or refuse.</summary>
public sealed class HeadCheckTests
{
    [Fact]
    public async Task TrueOnlyForACleanRecordedHead()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = database.NewContext();
        var service = new MigrationService(db);

        Assert.False(await HeadCheck.IsCleanAtHeadAsync(database.ConnectionString), "empty database");
        await service.UpgradeAsync("+2");
        Assert.False(await HeadCheck.IsCleanAtHeadAsync(database.ConnectionString), "one migration pending");
        await service.UpgradeAsync("head");
        Assert.True(await HeadCheck.IsCleanAtHeadAsync(database.ConnectionString), "at head, recorded by MigrationService");

        await database.ExecuteAsync($"UPDATE {MigrationRecords.TableName} SET checksum = repeat('0', 64) WHERE migration_id = '{Revisions.InitialSchema}'");
        Assert.False(await HeadCheck.IsCleanAtHeadAsync(database.ConnectionString), "an edited migration");
        await database.ExecuteAsync($"DELETE FROM {MigrationRecords.TableName} WHERE migration_id = '{Revisions.InitialSchema}'");
        Assert.False(await HeadCheck.IsCleanAtHeadAsync(database.ConnectionString), "a migration without a record");
        await service.StampAsync("", recordOnly: true);
        Assert.True(await HeadCheck.IsCleanAtHeadAsync(database.ConnectionString), "recorded again");

        await database.ExecuteAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '10.0.15')");
        Assert.False(await HeadCheck.IsCleanAtHeadAsync(database.ConnectionString), "an unknown migration");
        Assert.False(await HeadCheck.IsCleanAtHeadAsync("Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2"), "unreachable");
    }
}
