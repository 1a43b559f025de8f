using System.Net;
using Microsoft.EntityFrameworkCore;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Compatibility;

/// <summary>
/// An older build on a schema a newer one migrated, as in a rolling deploy or a rollback: it runs on what only grew
/// (expand), and refuses what changed under it (contract) or what it cannot judge (no record), naming it.
/// </summary>
public sealed class OlderBuildTests
{
    private const string Expand = "20261201000000_AddLeitoSala";
    private const string Contract = "20261202000000_DropEstoqueDataValidade";

    [Fact]
    public async Task TwoRealBuilds_TheOlderRunsAfterTheNewerExpands_AndRefusesOnceItContracts()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var newer = NewerBuildContext.Create(database.ConnectionString);
        var newerService = TestEngine.Service(newer);

        await newerService.UpgradeAsync("AddLeitoSala");
        await using (var older = database.NewContext())
        {
            var run = await TestEngine.StartupAsync(TestSettings.For(database));
            Assert.Empty(run!.Steps);
            var state = await TestEngine.Service(older).ReadStateAsync();
            Assert.Equal($"The database is ahead of this build by expand migration(s) {Expand}; this build runs on the schema they made.", state.AheadNote);
            Assert.Null(state.NotReadyReason);
        }

        await newerService.UpgradeAsync("head");
        await using (var older = database.NewContext())
        {
            var refusal = await Assert.ThrowsAsync<MigrationStateException>(() =>
                TestEngine.StartupAsync(TestSettings.For(database)));
            Assert.StartsWith($"Can't locate revision {Expand}, {Contract}: the database has migrations this build does not know " +
                $"({Expand}: expand; {Contract}: contract (drops column estoques.data_validade)). An older build runs on a newer schema " +
                "only when every migration it lacks was recorded expand: run `db downgrade` with the newer build, or deploy the newer build",
                refusal.Message, StringComparison.Ordinal);
            var problems = await TestEngine.Service(older).CheckAsync();
            // Not "ahead": one contract among them, and this build cannot run on the database; each is named with its class.
            Assert.Equal(["unknown-revision", "unknown-revision"], problems.Select(p => p.Code));
            Assert.Contains($"{Expand}: expand", problems[0].Message, StringComparison.Ordinal);
        }

        // The way back: the newer build downgrades past its contract, and the older one starts again.
        await newerService.DowngradeAsync("AddLeitoSala");
        await TestEngine.StartupAsync(TestSettings.For(database));
    }

    [Fact]
    public async Task ALabelAppendedByANewerBuild_BreaksTheOlderBuildsRead_SoTheMigrationIsContract()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        // What a newer build's migration appending BLOQUEADO to statusleito does, and then its code.
        await database.ExecuteAsync("ALTER TYPE statusleito ADD VALUE 'BLOQUEADO'");
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, tipo, status) VALUES ('A', 'UTI', 'LIVRE'), ('B', 'UTI', 'BLOQUEADO')");
        await using var older = database.NewContext();

        // The API's routes read leitos this way: every row holding BLOQUEADO answers 500.
        await Assert.ThrowsAsync<InvalidCastException>(() => older.Leitos.AsNoTracking().ToListAsync());
        Assert.Equal(CompatibilityClass.Contract, MigrationClassifier.Classify(new EnumLabelAppended(), MigrationDirection.Up).Class);
    }

    [Fact]
    public async Task ExpandAhead_ThroughTheRealStartup_StartsHealthyAndWarns_AlsoWithMigrationOff()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await RecordAheadAsync(database, Expand, "'expand', NULL");

        foreach (var migrate in new[] { "true", "false" })
        {
            await using var api = new ApiHost(database.ConnectionString, ("MIGRATE_ON_STARTUP", migrate));
            using var client = await api.ClientAsync();

            var ready = await client.GetAsync("/health/ready");
            var status = await client.GetStringAsync("/db/status");

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains($"ahead of this build by expand migration(s) {Expand}", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains($"\"unknown\":[{{\"id\":\"{Expand}\",\"class\":\"expand\",\"reason\":null}}]", status, StringComparison.Ordinal);
            Assert.Contains(api.Logs, l => l.StartsWith("Warning: ", StringComparison.Ordinal) && l.Contains($"expand migration(s) {Expand}", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("'contract', 'drops column estoques.data_validade'", "contract (drops column estoques.data_validade)")]
    [InlineData(null, "no record of its class")]
    public async Task ContractOrUnrecordedAhead_ThroughTheRealStartup_RefusesNamingIt(string? recorded, string described)
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await RecordAheadAsync(database, Contract, recorded);

        foreach (var migrate in new[] { "true", "false" })
        {
            var exit = await ApiProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60),
                ("DATABASE_URL", database.ConnectionString), ("MIGRATE_ON_STARTUP", migrate));

            Assert.Equal(1, exit.Code);
            Assert.Contains($"Cannot start: Can't locate revision {Contract}: the database has migrations this build does not know ({Contract}: {described}).",
                exit.Output, StringComparison.Ordinal);
        }
    }

    // A migration of a newer build in the history, with the record that build would have written (or none).
    private static async Task RecordAheadAsync(TestDatabase database, string id, string? compatibility)
    {
        await database.ExecuteAsync($"INSERT INTO \"__EFMigrationsHistory\" VALUES ('{id}', '10.0.15')");
        if (compatibility is not null)
        {
            await database.ExecuteAsync(MigrationRecords.CreateTableSql + $"""
                INSERT INTO __vidaplus_migrations (migration_id, checksum, duration_ms, app_version, compatibility, compatibility_reason)
                VALUES ('{id}', repeat('a', 64), 1, '2.0.0', {compatibility})
                """);
        }
    }
}
