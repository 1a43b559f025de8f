using VidaPlus.Data.Engine;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>The startup fast path says "clean at head" only when the full path would have nothing to do or refuse.</summary>
public sealed class HeadCheckTests
{
    [Fact]
    public async Task CleanOnlyAtARecordedUnchangedHead_RememberedPerBuild_ForgottenOnAnyChange()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);
        async Task Expect(string? head, string why) =>
            Assert.True(head == await TestEngine.CleanHeadAsync(database.ConnectionString), $"expected {head ?? "not clean"}: {why}");

        await Expect(null, "empty database");
        await service.UpgradeAsync("+2");
        await Expect(null, "one migration pending");
        await service.UpgradeAsync("head");
        await Expect(Revisions.Head, "at head, recorded by MigrationService");
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT count(*) FROM {EngineTables.VerifiedBuilds}"));
        // Proof that the remembered answer is what is used: a record no build's code matches, with the remembered digest
        // made to agree with it, still reads as clean (the full check would say no), and only the digest protects it.
        await database.ExecuteAsync($"UPDATE {MigrationRecords.TableName} SET checksum = repeat('1', 64) WHERE migration_id = '{Revisions.Head}'");
        var tampered = Revisions.All.Select(id => (id, id == Revisions.Head ? new string('1', 64) : (string?)CompiledMigrations.VidaPlus.Checksum(id)));
        await database.ExecuteAsync($"UPDATE {EngineTables.VerifiedBuilds} SET digest = '{HeadCheck.Digest(tampered)}'");
        await Expect(Revisions.Head, "answered from the remembered verification, without computing any checksum");
        await database.ExecuteAsync($"UPDATE {EngineTables.VerifiedBuilds} SET digest = repeat('0', 64)");
        await Expect(null, "the same tampered record, once the remembered digest no longer matches");
        await database.ExecuteAsync($"UPDATE {MigrationRecords.TableName} SET checksum = '{CompiledMigrations.VidaPlus.Checksum(Revisions.Head)}' WHERE migration_id = '{Revisions.Head}'");
        await Expect(Revisions.Head, "records as the code has them again");

        await database.ExecuteAsync($"UPDATE {MigrationRecords.TableName} SET checksum = repeat('0', 64) WHERE migration_id = '{Revisions.InitialSchema}'");
        await Expect(null, "an edited migration, although this build was verified before");
        await database.ExecuteAsync($"DELETE FROM {MigrationRecords.TableName} WHERE migration_id = '{Revisions.InitialSchema}'");
        await Expect(null, "a migration without a record");
        await service.StampAsync("", recordOnly: true);
        await Expect(Revisions.Head, "recorded again");

        // Another build's verification says nothing about this one: this build checks in full and records its own.
        await database.ExecuteAsync($"UPDATE {EngineTables.VerifiedBuilds} SET build = gen_random_uuid()");
        await Expect(Revisions.Head, "verified by another build only");
        Assert.Equal(2, await database.ScalarAsync<long>($"SELECT count(*) FROM {EngineTables.VerifiedBuilds}"));

        await database.ExecuteAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '10.0.15')");
        await Expect(null, "an unknown migration");
        // A database it cannot reach is not "not clean": the error is the caller's to report, as the full path would.
        await Assert.ThrowsAsync<Npgsql.NpgsqlException>(() => TestEngine.CleanHeadAsync("Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2"));
    }
}
