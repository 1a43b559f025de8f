using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using VidaPlus.Data.Adoption;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;
using VidaPlus.Data.Tests.Migrations;

namespace VidaPlus.Data.Tests.Adoption;

/// <summary>
/// `db adopt` on databases the Python app's real Alembic history made, each with rows in every table: verified,
/// converted to exactly what our migrations make, every row and instant kept, ids continuing, and refused, with
/// nothing changed, when the database is not what its revision says.
/// </summary>
public sealed class AdoptionTests
{
    private static readonly AdoptionOptions Defaults = new();

    [Theory]
    [MemberData(nameof(AlembicDatabases.MainLineCases), MemberType = typeof(AlembicDatabases))]
    public async Task MainLineRevision_BecomesExactlyOurSchema_WithEveryRowAndInstantKept_AndIdsContinuing(string revision)
    {
        await using var database = await AlembicDatabases.CreateAsync(revision);
        var migration = CompiledMigrations.VidaPlus.All.Single(m => m.Name == AlembicRevisions.Find(revision).Migration).Id;
        var before = await SnapshotAsync(database, createdAtIn: AlembicDatabases.TimeZone);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);

        var report = await service.AdoptAsync(Defaults);

        Assert.StartsWith($"Adopted Alembic revision {revision} as {migration} (created_at read as {AlembicDatabases.TimeZone} local time).",
            report.Message, StringComparison.Ordinal);
        await using (var ours = await TestDatabase.CreateAtAsync(migration))
        {
            SchemaAssert.Equal(await ours.ReadVidaPlusSchemaAsync(), await database.ReadVidaPlusSchemaAsync(), $"adopted from {revision}");
        }
        SchemaAssert.Equal(ExpectedSchema.ByRevision[migration], await database.ReadVidaPlusSchemaAsync(), $"adopted from {revision}");
        var after = await SnapshotAsync(database, createdAtIn: null);
        Assert.Equal([], before.Rows.LostIn(after.Rows));
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal(before.NextIds, after.NextIds);
        Assert.Equal(Revisions.All.TakeWhile(id => string.CompareOrdinal(id, migration) <= 0), await database.AppliedAsync());
        Assert.Equal(migration == Revisions.Head ? [] : ["behind"], (await service.CheckAsync()).Select(p => p.Code));

        await service.UpgradeAsync("head");
        await service.DowngradeAsync("-1", allowDataLoss: true);
        await service.UpgradeAsync("head");
        Assert.Empty(await service.CheckAsync());
    }

    [Fact]
    public async Task AdoptedDatabase_IsServedByTheApi_AndNewRowsGetNewIds()
    {
        await using var database = await AlembicDatabases.CreateAsync("36a57979bb23");
        var nextLeito = (await SnapshotAsync(database, AlembicDatabases.TimeZone)).NextIds["leitos"];
        await using (var db = database.NewContext())
        {
            await TestEngine.Service(db).AdoptAsync(Defaults);
        }
        await using var api = new ApiHost(database.ConnectionString);
        using var client = await api.ClientAsync();

        var leitos = JsonNode.Parse(await client.GetStringAsync("/leitos"))!.ToJsonString();
        var created = await client.PostAsJsonAsync("/leitos", new { numero_leito = "ENF-01", tipo = "Enfermaria", status = "Livre" });

        Assert.Contains("\"numero_leito\":\"UTI-01\"", leitos, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(nextLeito, JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task AlembicDatabase_IsRecognisedEverywhere_AndNothingRunsOnIt()
    {
        await using var database = await AlembicDatabases.CreateAsync("36a57979bb23", seed: false);
        var schema = (await database.ReadSchemaAsync()).ToLines();
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);
        const string says = "This database was made by the Python app's Alembic migrations (revision 36a57979bb23) and has no EF Core history: run `db adopt`";

        var upgrade = await Assert.ThrowsAsync<MigrationStateException>(() => service.UpgradeAsync("head"));
        var startup = await Assert.ThrowsAsync<MigrationStateException>(() =>
            TestEngine.StartupAsync(TestSettings.For(database)));
        var check = Assert.Single(await service.CheckAsync());
        var state = await service.ReadStateAsync();

        Assert.StartsWith(says, upgrade.Message, StringComparison.Ordinal);
        Assert.StartsWith(says, startup.Message, StringComparison.Ordinal);
        Assert.Equal("alembic-database", check.Code);
        Assert.StartsWith(says, check.Message, StringComparison.Ordinal);
        Assert.Equal((Revision.Base, "36a57979bb23"), (state.Current, state.AlembicRevision));
        Assert.StartsWith(says, state.NotReadyReason, StringComparison.Ordinal);
        Assert.Equal(schema, (await database.ReadSchemaAsync()).ToLines());
    }

    [Fact]
    public async Task AbandonedRoot_IsRefused_AndNothingChanges()
    {
        await using var database = await AlembicDatabases.CreateAsync("7f60e1ea6219", seed: false);
        var schema = (await database.ReadSchemaAsync()).ToLines();
        await using var db = database.NewContext();

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => TestEngine.Service(db).AdoptAsync(Defaults));

        Assert.StartsWith("Alembic revision 7f60e1ea6219 is not one VidaPlus can adopt: only the Python app's main line (8411d3b4e410, " +
            "bc7827844a23, 76b35f4c764f, 36a57979bb23)", error.Message, StringComparison.Ordinal);
        Assert.Equal(schema, (await database.ReadSchemaAsync()).ToLines());
    }

    [Fact]
    public async Task HandAlteredDatabase_IsRefusedNamingEachDifference_AndNothingChanges_UnlessTheExtraIsAllowed()
    {
        await using var database = await AlembicDatabases.CreateAsync("36a57979bb23");
        await database.ExecuteAsync("""
            ALTER TABLE leitos ADD COLUMN sala text;
            ALTER TABLE estoques ALTER COLUMN unidade TYPE character varying(80);
            CREATE INDEX ix_estoques_nome ON estoques (nome);
            """);
        var schema = (await database.ReadSchemaAsync()).ToLines();
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => service.AdoptAsync(Defaults));

        Assert.Equal("Refusing to adopt: the schema is not exactly what Alembic revision 36a57979bb23 makes, so converting it could lose or " +
            "mis-convert something. 3 difference(s): column estoques.unidade: type: expected character varying(50), found character varying(80); " +
            "index estoques.ix_estoques_nome: unexpected; column leitos.sala: unexpected. Nothing was changed. " +
            "Objects added on purpose can be allowed in the drift allow-list.", error.Message);
        Assert.Equal(schema, (await database.ReadSchemaAsync()).ToLines());

        await database.ExecuteAsync("ALTER TABLE leitos DROP COLUMN sala; ALTER TABLE estoques ALTER COLUMN unidade TYPE character varying(50)");
        var allowed = new Dictionary<string, string> { ["index estoques.ix_estoques_nome"] = "stock search, DBA ticket 7" };
        await service.AdoptAsync(Defaults with { AllowedDrift = allowed });
        var problems = await service.CheckAsync(allowed);
        Assert.Equal(["behind"], problems.Select(p => p.Code));
        Assert.Contains("index estoques ix_estoques_nome btree (nome)", (await database.ReadSchemaAsync()).ToLines());
    }

    [Fact]
    public async Task InterruptedAdoption_IsNamedByCheck_AndFinishedByRunningAgain_ThenANoOp()
    {
        await using var database = await AlembicDatabases.CreateAsync("bc7827844a23");
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);
        // The process dies once the structural transaction has committed and the first foreign key is validated.
        var crash = await Assert.ThrowsAsync<OperationCanceledException>(() => service.AdoptAsync(Defaults with { TimeZone = "America/Sao_Paulo" },
            onStep: step => { if (step.Description.StartsWith("foreign key admin_users", StringComparison.Ordinal) && !step.Blocking) throw new OperationCanceledException("killed"); }));
        Assert.Equal("killed", crash.Message);
        // And an index build that was under way when it died is left INVALID (here: one that failed on duplicates).
        await database.ExecuteAsync("UPDATE users SET nome = 'mesmo nome'");
        await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("CREATE UNIQUE INDEX CONCURRENTLY ix_users_email ON users (nome)"));

        var left = (await service.CheckAsync()).Where(p => p.Code == "drift").Select(p => p.Message).ToList();
        Assert.Contains(left, m => m.Contains("foreign key paciente_users.fk_paciente_users_users_id: definition:", StringComparison.Ordinal)
            && m.Contains("found fk_paciente_users_users_id (id) references users (id) on delete CASCADE not valid", StringComparison.Ordinal));
        Assert.Contains(left, m => m.Contains("index consultas.ix_consultas_paciente_id: missing", StringComparison.Ordinal));
        Assert.Contains(left, m => m.Contains("index users.ix_users_email: definition: expected ix_users_email unique btree (email), " +
            "found ix_users_email unique btree (nome) invalid", StringComparison.Ordinal));
        Assert.Contains(left, m => m.Contains("constraint users.users_email_key: unexpected", StringComparison.Ordinal));

        var finished = await service.AdoptAsync(Defaults);
        var again = await service.AdoptAsync(Defaults);

        Assert.Matches(@"^Adopted from alembic bc7827844a23 on .*; finished the \d+ step\(s\) left\.$", finished.Message);
        Assert.Matches(@"^Adopted from alembic bc7827844a23 on .*; nothing left to do\.$", again.Message);
        Assert.Equal(["behind"], (await service.CheckAsync()).Select(p => p.Code));
    }

    [Fact]
    public async Task EfMadeDatabase_IsANoOpThatSaysSo_AndAnEmptyOneIsRefused()
    {
        await using var ef = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var empty = await TestDatabase.CreateAtAsync(Revisions.Base);
        await using var efContext = ef.NewContext();
        await using var emptyContext = empty.NewContext();

        var report = await TestEngine.Service(efContext).AdoptAsync(Defaults);
        var error = await Assert.ThrowsAsync<MigrationStateException>(() => TestEngine.Service(emptyContext).AdoptAsync(Defaults));

        Assert.Equal($"Nothing to adopt: EF Core migrations made this database (it is at {Revisions.Head}).", report.Message);
        Assert.StartsWith("Nothing to adopt: the database has neither an alembic_version nor an EF Core history.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRunAndScript_ChangeNothing_AndTheScriptDoesTheSameAsAdopt()
    {
        await using var database = await AlembicDatabases.CreateAsync("76b35f4c764f");
        await using var scripted = await AlembicDatabases.CreateAsync("76b35f4c764f");
        var schema = (await database.ReadSchemaAsync()).ToLines();
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);

        var dry = await service.AdoptAsync(Defaults, dryRun: true);
        var script = await service.AdoptionScriptAsync(Defaults);

        Assert.StartsWith("Dry run: adopting Alembic revision 76b35f4c764f", dry.Message, StringComparison.Ordinal);
        Assert.Contains(dry.Left, s => s.Sql.StartsWith("CREATE UNIQUE INDEX CONCURRENTLY ix_users_email ON users", StringComparison.Ordinal));
        Assert.Equal(schema, (await database.ReadSchemaAsync()).ToLines());
        Assert.True(script.IndexOf("COMMIT;", StringComparison.Ordinal) < script.IndexOf("CREATE INDEX CONCURRENTLY", StringComparison.Ordinal),
            "the concurrent index builds come after the transaction");
        // Run by a DBA statement by statement (CREATE INDEX CONCURRENTLY refuses a multi-statement batch).
        await using (var connection = await scripted.OpenAsync())
        {
            var parts = script.Split("COMMIT;\n", 2);
            await using (var structural = new NpgsqlCommand(parts[0] + "COMMIT;", connection))
            {
                await structural.ExecuteNonQueryAsync();
            }
            foreach (var statement in parts[1].Split(";\n").Select(s => string.Join('\n', s.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)))).Where(s => s.Trim().Length > 0))
            {
                await using var command = new NpgsqlCommand(statement, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        await service.AdoptAsync(Defaults);
        SchemaAssert.Equal(await database.ReadVidaPlusSchemaAsync(), await scripted.ReadVidaPlusSchemaAsync(), "adopted by the script");
    }

    [Fact]
    public async Task ReplicasStartingDuringAnAdoption_WaitForIt_ThenStartOnTheAdoptedDatabase()
    {
        await using var database = await AlembicDatabases.CreateAsync("8411d3b4e410");
        await using var db = database.NewContext();
        using var adopting = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var adoption = Task.Run(() => TestEngine.Service(db).AdoptAsync(Defaults, onStep: step =>
        {
            if (step.Description.StartsWith("table alembic_version", StringComparison.Ordinal))
            {
                adopting.Release();
                release.Wait();
            }
        }));
        await adopting.WaitAsync();
        var progress = Enumerable.Range(0, 3).Select(_ => new MigrationProgress()).ToList();
        var replicas = progress.Select(p => Task.Run(() => TestEngine.StartupAsync(TestSettings.For(database), p))).ToList();
        // Each replica waits on what the adoption holds: the migration lock, or a table lock of its transaction (reading
        // alembic_version, which it is dropping). None goes ahead while it holds them.
        async Task<long> WaitingAsync() =>
            progress.Count(p => p.Activity?.StartsWith("waiting for the migration lock", StringComparison.Ordinal) == true) +
            await database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await WaitingAsync() < replicas.Count)
        {
            Assert.All(replicas, r => Assert.False(r.IsCompleted, $"a replica ended while the adoption held the lock: {r.Exception?.Message}"));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the replicas never all waited on the adoption");
            await Task.Delay(20);
        }
        Assert.All(replicas, r => Assert.False(r.IsCompleted, "a replica went ahead while the adoption held the lock"));
        release.Release();
        await adoption;
        var runs = await Task.WhenAll(replicas);

        Assert.Equal(Revisions.All.Skip(1), runs.SelectMany(r => r?.Steps ?? []).Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(Revisions.All, await database.AppliedAsync());
        await using var check = database.NewContext();
        Assert.Empty(await TestEngine.Service(check).CheckAsync());
    }

    private sealed record Snapshot(TableContents Rows, IReadOnlyDictionary<long, double> CreatedAt, IReadOnlyDictionary<string, long> NextIds);

    // Every row but created_at, which is compared as an instant: read in the zone it was written in before, as
    // timestamptz after. And the id each identity (or serial) column hands out next.
    private static async Task<Snapshot> SnapshotAsync(TestDatabase database, string? createdAtIn)
    {
        var schema = (await database.ReadSchemaAsync()).WithoutEngineTables().WithoutTable(AlembicShape.VersionTable);
        await using var connection = await database.OpenAsync();
        var rows = await TableContents.ReadAsync(connection, schema, "created_at");
        var createdAt = new Dictionary<long, double>();
        await using (var command = new NpgsqlCommand(
            $"SELECT id, extract(epoch FROM created_at{(createdAtIn is null ? "" : $" AT TIME ZONE '{createdAtIn}'")})::float8 FROM users", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                createdAt[reader.GetInt32(0)] = reader.GetDouble(1);
            }
        }
        var nextIds = new Dictionary<string, long>();
        foreach (var table in schema.Tables.Where(t => t.FindColumn("id") is { Identity: not null } or { Default: not null }))
        {
            await using var next = new NpgsqlCommand(createdAtIn is null
                ? $"SELECT nextval(pg_get_serial_sequence('{table.Name}', 'id'))"
                : $"SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM {schema.Sequences.Single(s => s.OwnedBy == $"{table.Name}.id").Name}",
                connection);
            nextIds[table.Name] = (long)(await next.ExecuteScalarAsync())!;
        }
        return new(rows, createdAt, nextIds);
    }
}
