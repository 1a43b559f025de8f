using Microsoft.EntityFrameworkCore;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Infrastructure;
using VidaPlus.Data.Tests.Migrations;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>Every target form of the `db` verbs, on the three migrations, through the service the verbs call.</summary>
public sealed class MigrationServiceTests
{
    private static readonly string M1 = Revisions.InitialSchema;
    private static readonly string M2 = Revisions.AddEstoquesAndLeitos;
    private static readonly string M3 = Revisions.MakeLeitoPacienteOptional;
    private static readonly string M4 = Revisions.AddRowVersions;

    [Fact]
    public async Task UpgradeByStepsThenHead_DowngradeByStepNameAndBase_UpgradeToName()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);
        var reported = new List<string>();

        await AssertRun(service.UpgradeAsync("+1", s => reported.Add(s.Id)), "base", M1, [M1]);
        await AssertState(service, applied: [M1], pending: [M2, M3, M4]);
        await AssertRun(service.UpgradeAsync("+1"), M1, M2, [M2]);
        await AssertRun(service.UpgradeAsync("head", s => reported.Add(s.Id)), M2, M4, [M3, M4]);
        await AssertState(service, applied: [M1, M2, M3, M4], pending: []);
        await AssertRun(service.UpgradeAsync("head"), M4, M4, []);

        await AssertRun(service.DowngradeAsync("-2"), M4, M2, [M4, M3]);
        await AssertState(service, applied: [M1, M2], pending: [M3, M4]);
        await AssertRun(service.DowngradeAsync("initialschema"), M2, M1, [M2]);
        await AssertRun(service.DowngradeAsync("base"), M1, "base", [M1]);
        await AssertState(service, applied: [], pending: [M1, M2, M3, M4]);
        SchemaAssert.Equal([], await database.ReadVidaPlusSchemaAsync(), "after downgrade base");

        await AssertRun(service.UpgradeAsync("AddEstoquesAndLeitos"), "base", M2, [M1, M2]);
        await AssertRun(service.UpgradeAsync(M3), M2, M3, [M3]);
        SchemaAssert.Equal(ExpectedSchema.Head, await database.ReadVidaPlusSchemaAsync(), "after upgrading by full id");
        Assert.Equal([M1, M3, M4], reported);
    }

    [Theory]
    [InlineData("+5", "'+5' goes past head: only 4 migration(s) pending, so +4 at most. Nothing was changed.")]
    [InlineData("+0", "'+0' is not a step count: use +1, +2...")]
    [InlineData("+x", "'+x' is not a step count: use +1, +2...")]
    [InlineData("nope", "Unknown revision 'nope'. Known: InitialSchema, AddEstoquesAndLeitos, MakeLeitoPacienteOptional, AddRowVersions, head, base.")]
    [InlineData("base", "`db upgrade base` goes nowhere: use `db downgrade base`.")]
    public async Task Upgrade_BadTarget_IsAClearErrorAndAppliesNothing(string target, string message)
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);

        var error = await Assert.ThrowsAsync<MigrationTargetException>(() => service.UpgradeAsync(target));

        Assert.Equal(message, error.Message);
        Assert.Empty(await database.AppliedAsync());
    }

    [Theory]
    [InlineData("-5", "'-5' goes past base: only 4 migration(s) applied, so -4 at most. Nothing was changed.")]
    [InlineData("head", "`db downgrade head` goes nowhere: give base, -N, or a migration's id or name.")]
    public async Task Downgrade_BadTarget_IsAClearErrorAndRevertsNothing(string target, string message)
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = database.NewContext();

        var error = await Assert.ThrowsAsync<MigrationTargetException>(() => TestEngine.Service(db).DowngradeAsync(target));

        Assert.Equal(message, error.Message);
        Assert.Equal(Revisions.All, await database.AppliedAsync());
    }

    [Fact]
    public async Task UpgradeToAnAppliedRevision_AndDowngradeToAPendingOne_AreRefused()
    {
        await using var database = await TestDatabase.CreateAtAsync(M2);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);

        var up = await Assert.ThrowsAsync<MigrationTargetException>(() => service.UpgradeAsync("InitialSchema"));
        var down = await Assert.ThrowsAsync<MigrationTargetException>(() => service.DowngradeAsync("MakeLeitoPacienteOptional"));

        Assert.Equal($"{M1} is behind the current revision {M2}: use `db downgrade InitialSchema` to go back.", up.Message);
        Assert.Equal($"{M3} is not applied (the database is at {M2}): use `db upgrade MakeLeitoPacienteOptional` to go forward.", down.Message);
        Assert.Equal([M1, M2], await database.AppliedAsync());
    }

    [Fact]
    public async Task AfterMigratingAnEmptyDatabase_TheSameConnectionsWriteTheNewEnums()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = database.NewContext();
        // Opened before the enums exist: its data source has loaded the types there were.
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());

        await TestEngine.Service(db).UpgradeAsync("head");
        db.Leitos.Add(new Entities.Leito { NumeroLeito = "UTI-01", Tipo = Enums.TipoLeito.Uti, Status = Enums.StatusLeito.Livre });
        await db.SaveChangesAsync();

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM leitos WHERE status = 'LIVRE'"));
    }

    [Fact]
    public async Task FailingMigration_SaysWhichAndWhy_AndLeavesTheLastCommittedRevision()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, paciente_id, tipo, status) VALUES ('L1', NULL, 'UTI', 'LIVRE')");
        await using var db = database.NewContext();

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => TestEngine.Service(db).DowngradeAsync("InitialSchema", allowDataLoss: true));

        Assert.Equal((M3, M3), (error.Migration, error.Current));
        Assert.StartsWith($"Migration {M3} failed and was rolled back; the database is at {M3}. 23502: column \"paciente_id\"",
            error.Message, StringComparison.Ordinal);
        Assert.Equal([M1, M2, M3], await database.AppliedAsync());
    }

    [Fact]
    public async Task Downgrade_ThatWouldDropData_IsRefusedBeforeAnythingRuns_UnlessAllowed()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("""
            INSERT INTO estoques (tipo_item, nome, quantidade, unidade) VALUES ('INSUMO', 'Gaze', 3, 'pacote'), ('INSUMO', 'Luva', 9, 'caixa');
            INSERT INTO leitos (numero_leito, paciente_id, tipo, status) VALUES ('ENF-01', NULL, 'ENFERMARIA', 'LIVRE');
            """);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);

        var error = await Assert.ThrowsAsync<DataLossException>(() => service.DowngradeAsync("InitialSchema"));

        Assert.Equal(["table estoques (2 row(s))", "table leitos (1 row(s))"], error.Losses);
        Assert.StartsWith("Refusing to downgrade: it would drop table estoques (2 row(s)), table leitos (1 row(s)). Nothing was changed.",
            error.Message, StringComparison.Ordinal);
        Assert.Equal(Revisions.All, await database.AppliedAsync());

        await database.ExecuteAsync("DELETE FROM leitos");
        await service.DowngradeAsync("-2");
        await AssertRun(service.DowngradeAsync("InitialSchema", allowDataLoss: true), M2, M1, [M2]);
        Assert.Null((await database.ReadSchemaAsync()).FindTable("estoques"));
    }

    [Fact]
    public async Task Stamp_RecordsTheTargetWithoutRunningAnything()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);

        var run = await service.StampAsync("AddEstoquesAndLeitos");

        Assert.Equal(("base", M2), (run.From, run.To));
        await AssertState(service, applied: [M1, M2], pending: [M3, M4]);
        SchemaAssert.Equal([], await database.ReadVidaPlusSchemaAsync(), "after stamp (nothing may run)");

        await service.StampAsync("-1");
        await AssertState(service, applied: [M1], pending: [M2, M3, M4]);
        await service.StampAsync("head");
        await AssertState(service, applied: [M1, M2, M3, M4], pending: []);
        await service.StampAsync("base");
        await AssertState(service, applied: [], pending: [M1, M2, M3, M4]);
        await Assert.ThrowsAsync<MigrationTargetException>(() => service.StampAsync("NoSuchMigration"));
        await AssertState(service, applied: [], pending: [M1, M2, M3, M4]);
    }

    [Fact]
    public async Task Check_ReportsModelChangesUnknownOutOfOrderAndBehind()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using (var clean = database.NewContext())
        {
            // The template was migrated by EF Core's migrator, which keeps no VidaPlus records: record them first.
            await TestEngine.Service(clean).StampAsync("", recordOnly: true);
            Assert.Empty(await TestEngine.Service(clean).CheckAsync());
        }

        // A pending migration older than an applied one, as after merging two branches: drop the middle row.
        await database.ExecuteAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{M2}'");
        // An applied migration this build does not know.
        await database.ExecuteAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '10.0.15')");
        await using var drifted = new VidaPlusDbContext(DriftingModel.Options(database.ConnectionString));

        var problems = await TestEngine.Service(drifted).CheckAsync();

        Assert.Equal(["model-changes", "unknown-revision", "out-of-order"], problems.Select(p => p.Code));
        Assert.Contains("Can't locate revision 29991231000000_FromTheFuture", problems[1].Message, StringComparison.Ordinal);
        Assert.Contains($"Pending migration {M2} sorts before {M3}", problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("Regenerate AddEstoquesAndLeitos on top", problems[2].Message, StringComparison.Ordinal);

        // Behind: at an older revision, with nothing out of order.
        await using var behindDatabase = await TestDatabase.CreateAtAsync(M1);
        await using var behind = behindDatabase.NewContext();
        await TestEngine.Service(behind).StampAsync("", recordOnly: true);
        var behindProblem = Assert.Single(await TestEngine.Service(behind).CheckAsync());
        Assert.Equal(("behind", $"The database is behind: 3 pending migration(s) ({M2}, {M3}, {M4}). Run `db upgrade`."),
            (behindProblem.Code, behindProblem.Message));
    }

    [Fact]
    public async Task UnknownOrOutOfOrderMigrations_BlockUpgradeAndDowngrade()
    {
        // Unknown: applied, but not in this build (a newer build's, with no record of its class).
        await using (var database = await TestDatabase.CreateAtAsync(Revisions.MakeLeitoPacienteOptional))
        {
            await database.ExecuteAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '10.0.15')");
            await using var db = database.NewContext();
            var service = TestEngine.Service(db);
            foreach (var attempt in new Func<Task>[] { () => service.UpgradeAsync("head"), () => service.DowngradeAsync("-1") })
            {
                var error = await Assert.ThrowsAsync<MigrationStateException>(attempt);
                Assert.StartsWith("Can't locate revision 29991231000000_FromTheFuture", error.Message, StringComparison.Ordinal);
            }
            Assert.Equal([.. Revisions.All.SkipLast(1), "29991231000000_FromTheFuture"], await database.AppliedAsync());
        }

        // Out of order: a pending migration sorts before an applied one (two branches each added one).
        await using (var database = await TestDatabase.CreateAtAsync(Revisions.Head))
        {
            await database.ExecuteAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{Revisions.AddEstoquesAndLeitos}'");
            await using var db = database.NewContext();
            var service = TestEngine.Service(db);
            foreach (var attempt in new Func<Task>[] { () => service.UpgradeAsync("head"), () => service.DowngradeAsync("-1") })
            {
                var error = await Assert.ThrowsAsync<MigrationStateException>(attempt);
                Assert.Equal($"Pending migration {Revisions.AddEstoquesAndLeitos} sorts before the applied {Revisions.MakeLeitoPacienteOptional}; " +
                    "refusing to run migrations out of order. See `db check`.", error.Message);
            }
            Assert.Equal(Revisions.All.Where(id => id != Revisions.AddEstoquesAndLeitos), await database.AppliedAsync());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Script_AppliedToAFreshDatabase_GivesTheHeadSchema(bool idempotent)
    {
        await using var offline = TestDatabase.OfflineContext();
        var sql = TestEngine.Service(offline, LockWaitOptions.Default with { LockTimeout = TimeSpan.FromSeconds(2) })
            .Script("base", "head", idempotent);
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Base);

        // The engine's lock timeout for the whole session (the online steps run outside any transaction), and in each transaction.
        Assert.Contains("\nSET lock_timeout = '2000ms'; SET vidaplus.lock_timeout = '2000ms';\nSET statement_timeout = '0ms'; SET vidaplus.statement_timeout = '0ms';\n", sql, StringComparison.Ordinal);
        Assert.Equal(Revisions.All.Count, sql.Split("START TRANSACTION;\nSET LOCAL lock_timeout = '2000ms';\n").Length - 1);
        Assert.Equal(Revisions.All.Count, sql.Split("START TRANSACTION;").Length - 1);

        // As a DBA runs it: psql (an idempotent script guards with psql's \if), twice when it is idempotent.
        foreach (var run in idempotent ? [1, 2] : new[] { 1 })
        {
            var (exit, output) = await Psql.RunAsync(database.ConnectionString, sql);
            Assert.True(exit == 0 && !output.Contains("ERROR", StringComparison.Ordinal), $"run {run}: psql exited {exit}: {output}");
        }

        SchemaAssert.Equal(ExpectedSchema.Head, await database.ReadVidaPlusSchemaAsync(), "after running the script");
        Assert.Equal(Revisions.All, await database.AppliedAsync());
        // A DBA's script records each migration as it goes, like every other way of applying them.
        await using var db = database.NewContext();
        Assert.Empty(await TestEngine.Service(db).CheckAsync());
    }

    [Fact]
    public void Script_RangesByNameAndRelativeSteps()
    {
        using var offline = TestDatabase.OfflineContext();
        var service = TestEngine.Service(offline);

        var oneStep = service.Script("InitialSchema", "+1", idempotent: false);
        var down = service.Script("MakeLeitoPacienteOptional", "-1", idempotent: false);

        Assert.Contains("CREATE TABLE leitos", oneStep, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE TABLE users", oneStep, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP NOT NULL", oneStep, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE leitos ALTER COLUMN paciente_id SET NOT NULL", down, StringComparison.Ordinal);
        Assert.Contains($"WHERE \"MigrationId\" = '{M3}'", down, StringComparison.Ordinal);
        Assert.Throws<MigrationTargetException>(() => service.Script("head", "+1", idempotent: false));
    }

    private static async Task AssertRun(Task<MigrationRun> running, string from, string to, string[] steps)
    {
        var run = await running;
        Assert.Equal((from, to), (run.From, run.To));
        Assert.Equal(steps, run.Steps.Select(s => s.Id));
    }

    private static async Task AssertState(MigrationService service, string[] applied, string[] pending)
    {
        var state = await service.ReadStateAsync();
        Assert.Equal(applied, state.Applied);
        Assert.Equal(pending, state.Pending.Select(m => m.Id));
        Assert.Equal(applied.Length > 0 ? applied[^1] : "base", state.Current);
    }
}
