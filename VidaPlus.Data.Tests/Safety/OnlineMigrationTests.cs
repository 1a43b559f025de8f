using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>
/// What `dotnet ef migrations add` writes for changes to tables that already hold rows, the SQL it becomes on every
/// path, and that SQL run against PostgreSQL: online, refusing to overwrite NULLs, and safe to run again after an
/// interruption.
/// </summary>
public sealed class OnlineMigrationTests
{
    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void TheGeneratedMigration_ShowsTheOnlineForm_WithNoHiddenDefault_AndRaisesNoLockRule()
    {
        var (operations, code) = OnlineChangesContext.Migration();

        Assert.Equal("""
            migrationBuilder.AlterColumn<DateOnly>(
                name: "data_validade",
                table: "estoques",
                type: "date",
                nullable: false,
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true)
                .Annotation("VidaPlus:Online", true);

            migrationBuilder.CreateIndex(
                name: "ix_leitos_status",
                table: "leitos",
                column: "status")
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_estoques_quantidade",
                table: "estoques",
                sql: "quantidade >= 0")
                .Annotation("VidaPlus:Online", true);
            """.ReplaceLineEndings(), code.Trim().ReplaceLineEndings());
        Assert.DoesNotContain(MigrationLinter.Lint(new GeneratedMigration(operations), "20990101000000_Generated"),
            f => f.Rule.Id is "VP001" or "VP002" or "VP003" or "VP004");
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void AColumnMadeRequiredWithAModelDefault_IsWrittenAsDefaultThenAMarkedFillThenRequired_NotEfCoresHiddenUpdate()
    {
        var (operations, code) = FilledDefaultContext.Migration();
        using var db = FilledDefaultContext.Create();

        Assert.Equal("""
            migrationBuilder.AlterColumn<DateOnly>(
                name: "data_validade",
                table: "estoques",
                type: "date",
                nullable: true,
                defaultValue: new DateOnly(2030, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateOnly>(
                name: "data_validade",
                table: "estoques",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(2030, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true,
                oldDefaultValue: new DateOnly(2030, 1, 1))
                .Annotation("VidaPlus:FillNulls", "DATE '2030-01-01'")
                .Annotation("VidaPlus:Online", true);
            """.ReplaceLineEndings(), code.Trim().ReplaceLineEndings());
        // The fill runs as a Backfill: in batches, outside the migration's transaction, before the proof.
        Assert.Contains(Commands(db, operations), c => c.TransactionSuppressed
            && c.CommandText.Contains("UPDATE estoques AS vp_rows SET data_validade = DATE '2030-01-01'", StringComparison.Ordinal)
            && c.CommandText.Contains("AND (data_validade IS NULL)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AColumnMadeRequiredWithAModelDefault_HasItsNullsFilledInBatches_ThenIsRequired()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, dataValidade: "NULL");
        await using var db = FilledDefaultContext.Create(database.ConnectionString);

        await ApplyAsync(db, FilledDefaultContext.Migration().Operations);

        Assert.Equal("2030-01-01, 2028-05-01", await database.ScalarAsync<string>("SELECT string_agg(data_validade::text, ', ' ORDER BY id) FROM estoques"));
        Assert.True(await database.ScalarAsync<bool>(NotNull));
        Assert.Equal("'2030-01-01'::date", await database.ScalarAsync<string>(
            "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum " +
            "WHERE d.adrelid = 'estoques'::regclass AND a.attname = 'data_validade'"));
    }

    [Fact]
    public async Task AnAlternateKey_IsItsUniqueIndexBuiltConcurrently_ThenAttached_AndAFailedBuildLeavesNoConstraint()
    {
        var (operations, code) = AlternateKeyContext.Migration();
        Assert.EndsWith(""".Annotation("VidaPlus:Online", true);""", code.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(MigrationLinter.Lint(new GeneratedMigration(operations), "20990101000000_Generated"), f => f.Rule.Id == "VP007");
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, dataValidade: "'2027-01-31'");
        await database.ExecuteAsync("INSERT INTO estoques (tipo_item, nome, quantidade, unidade) VALUES ('INSUMO', 'Dipirona', 5, 'caixa')");
        await using var db = AlternateKeyContext.Create(database.ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ApplyAsync(db, operations));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.False(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'estoques'::regclass AND contype = 'u')"));
        await database.ExecuteAsync("DELETE FROM estoques WHERE nome = 'Dipirona' AND quantidade = 5");
        await ApplyAsync(db, operations);
        await ApplyAsync(db, operations);
        Assert.Equal("ak_estoques_nome UNIQUE (nome) on ak_estoques_nome", await database.ScalarAsync<string>(
            "SELECT c.conname || ' ' || pg_get_constraintdef(c.oid) || ' on ' || c.conindid::regclass FROM pg_constraint c " +
            "WHERE c.conrelid = 'estoques'::regclass AND c.contype = 'u'"));
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void TheSql_IsAPlanOfSteps_OnlineStepsOutsideTheTransaction_EachSafeToRunAgain()
    {
        using var db = OnlineChangesContext.Create();

        var plan = StepPlan.Of([.. Commands(db, AllChanges()), HistoryInsert(db)]);

        Assert.Equal([
            "1 tx: proof and NOT VALID add of ck_estoques_data_validade_not_null",
            "set: SET lock_timeout = 0;",
            "2 online: ALTER TABLE estoques VALIDATE CONSTRAINT ck_estoques_data_validade_not_null",
            "set: SELECT set_config('lock_timeout', coalesce(nullif(current_setting('vidaplus.lock_timeout', true), ''), '0'), false);",
            "3 tx: ALTER TABLE estoques ALTER COLUMN data_validade SET NOT NULL | ALTER TABLE estoques DROP CONSTRAINT ck_estoques_data_validade_not_null",
            "set: SET lock_timeout = 0;",
            "4 online: concurrent build of index ix_leitos_status | DO $$ | CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_leitos_status ON leitos (status) | DROP INDEX CONCURRENTLY IF EXISTS ix_leitos_status_vp_invalid",
            "set: SELECT set_config('lock_timeout', coalesce(nullif(current_setting('vidaplus.lock_timeout', true), ''), '0'), false);",
            "5 tx: proof and NOT VALID add of ck_estoques_quantidade",
            "set: SET lock_timeout = 0;",
            "6 online: ALTER TABLE estoques VALIDATE CONSTRAINT ck_estoques_quantidade",
            "set: SELECT set_config('lock_timeout', coalesce(nullif(current_setting('vidaplus.lock_timeout', true), ''), '0'), false);",
            "7 tx: ALTER TABLE estoques ADD COLUMN IF NOT EXISTS leito_id integer",
            "8 tx: proof and NOT VALID add of fk_estoques_leitos_leito_id",
            "set: SET lock_timeout = 0;",
            "9 online: ALTER TABLE estoques VALIDATE CONSTRAINT fk_estoques_leitos_leito_id",
            "set: SELECT set_config('lock_timeout', coalesce(nullif(current_setting('vidaplus.lock_timeout', true), ''), '0'), false);",
            "set: SET lock_timeout = 0;",
            "10 online: DROP INDEX CONCURRENTLY IF EXISTS ix_consultas_prontuario_id",
            "set: SELECT set_config('lock_timeout', coalesce(nullif(current_setting('vidaplus.lock_timeout', true), ''), '0'), false);",
            "11 tx: INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\")",
        ], plan.Items.Select(i => i is PlanStep step
            ? $"{step.Number} {(step.Kind == StepKind.Transaction ? "tx" : "online")}: " +
              string.Join(" | ", step.Commands.Select(c => StepPlan.Describe([c])))
            : $"set: {((MigrationCommand)i).CommandText.Trim()}"));
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void AForeignKey_IsProvedAgainstTheRows_BeforeItIsAdded_InAStepOfItsOwn()
    {
        using var db = OnlineChangesContext.Create();

        var add = Commands(db, AllChanges()).Single(c => c.CommandText.Contains("NOT VALID add of fk_", StringComparison.Ordinal));

        Assert.False(add.TransactionSuppressed);
        Assert.Equal("""
            -- VidaPlus step: proof and NOT VALID add of fk_estoques_leitos_leito_id
            DO $$
            DECLARE
                held bigint;
            BEGIN
                SELECT count(*) INTO held FROM estoques AS vp_rows WHERE vp_rows.leito_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM leitos AS p WHERE p.id = vp_rows.leito_id);
                IF held > 0 THEN
                    RAISE EXCEPTION 'estoques.leito_id gets the foreign key fk_estoques_leitos_leito_id to leitos, but % row(s) point to no row there: delete or fix them first (in an earlier migration, or by hand), then run it again.', held;
                END IF;
            END $$;
            ALTER TABLE estoques DROP CONSTRAINT IF EXISTS fk_estoques_leitos_leito_id;
            ALTER TABLE estoques ADD CONSTRAINT fk_estoques_leitos_leito_id FOREIGN KEY (leito_id) REFERENCES leitos (id) NOT VALID;
            """.ReplaceLineEndings(), add.CommandText.Trim().ReplaceLineEndings());
    }

    [Fact]
    public async Task OnARealDatabaseWithRows_EveryChangeApplies_AndAgain()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, dataValidade: "'2027-01-31'");
        await using var db = OnlineChangesContext.Create(database.ConnectionString);

        await ApplyAsync(db, AllChanges());
        await AssertAppliedAsync(database);
        // Everything again, as after an interruption at any point: nothing fails, nothing is left twice.
        await ApplyAsync(db, AllChanges());
        await AssertAppliedAsync(database);
    }

    [Fact]
    public async Task NullsInAColumnMadeRequired_StopItBeforeTheProof_NothingOverwrittenOrLeftBehind_ThenItAppliesOnceFilled()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, dataValidade: "NULL");
        await using var db = OnlineChangesContext.Create(database.ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ApplyAsync(db, AllChanges()));

        Assert.Equal(PostgresErrorCodes.RaiseException, error.SqlState);
        Assert.Equal("estoques.data_validade is made NOT NULL, but 1 row(s) hold NULL there: fill them first (migrationBuilder.Backfill, " +
            "before the change or in an earlier migration), or give the column a default in the model.", error.MessageText);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM estoques WHERE data_validade IS NULL"));
        Assert.False(await database.ScalarAsync<bool>(NotNull));
        // No proof left behind, NOT VALID, to refuse the NULLs the code still running writes.
        await database.ExecuteAsync("INSERT INTO estoques (tipo_item, nome, quantidade, unidade) VALUES ('INSUMO', 'Gaze', 1, 'caixa')");
        await database.ExecuteAsync("DELETE FROM estoques WHERE nome = 'Gaze'");
        await database.ExecuteAsync("UPDATE estoques SET data_validade = '2027-01-31'");
        await ApplyAsync(db, AllChanges());
        await AssertAppliedAsync(database);
    }

    [Fact]
    public async Task AUniqueIndexBuildThatFails_LeavesAnInvalidIndex_WhichTheNextRunDropsAndBuildsAgain()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, dataValidade: "'2027-01-31'");
        await database.ExecuteAsync(DuplicateUnidade);
        await using var db = OnlineChangesContext.Create(database.ConnectionString);
        IReadOnlyList<MigrationOperation> unique =
            [new CreateIndexOperation { Name = "ix_estoques_unidade", Table = "estoques", Columns = ["unidade"], IsUnique = true }];
        OnlineOperations.Mark(unique, target: null);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ApplyAsync(db, unique));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.False(await database.ScalarAsync<bool>(UnidadeIndexValid));
        await database.ExecuteAsync(NoDuplicateUnidade);
        await ApplyAsync(db, unique);
        Assert.True(await database.ScalarAsync<bool>(UnidadeIndexValid));
    }

    [Fact]
    public async Task AnIndexMadeUnique_IsBuiltBesideTheOld_SoAFailedBuildLeavesTheOldOneServing_AndTheNextRunSwapsItIn()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, dataValidade: "'2027-01-31'");
        await database.ExecuteAsync("CREATE INDEX ix_estoques_unidade ON estoques (unidade)");
        await database.ExecuteAsync(DuplicateUnidade);
        await using var db = OnlineChangesContext.Create(database.ConnectionString);
        // As the differ writes a change to an index: dropped, then built again under the same name.
        IReadOnlyList<MigrationOperation> madeUnique =
        [
            new DropIndexOperation { Name = "ix_estoques_unidade", Table = "estoques" },
            new CreateIndexOperation { Name = "ix_estoques_unidade", Table = "estoques", Columns = ["unidade"], IsUnique = true },
        ];
        OnlineOperations.Mark(madeUnique, target: null);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ApplyAsync(db, madeUnique));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("ix_estoques_unidade valid CREATE INDEX ix_estoques_unidade ON public.estoques USING btree (unidade), " +
            "ix_estoques_unidade_vp_new INVALID CREATE UNIQUE INDEX ix_estoques_unidade_vp_new ON public.estoques USING btree (unidade)",
            await database.ScalarAsync<string>(UnidadeIndexes));
        await database.ExecuteAsync(NoDuplicateUnidade);
        await ApplyAsync(db, madeUnique);
        Assert.Equal("ix_estoques_unidade valid CREATE UNIQUE INDEX ix_estoques_unidade ON public.estoques USING btree (unidade)",
            await database.ScalarAsync<string>(UnidadeIndexes));
        // Again, as after an interruption once it was swapped in: the new index is kept.
        await ApplyAsync(db, madeUnique);
        Assert.Equal("ix_estoques_unidade valid CREATE UNIQUE INDEX ix_estoques_unidade ON public.estoques USING btree (unidade)",
            await database.ScalarAsync<string>(UnidadeIndexes));
    }

    [Fact]
    public async Task ThroughTheEngine_AFailedConcurrentBuildSaysWhatHappened_AndTheNextUpgradeFinishesIt()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(database, dataValidade: "'2027-01-31'");
        await database.ExecuteAsync(DuplicateUnidade);
        await using var db = OnlineBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(db);

        var error = await Assert.ThrowsAsync<VidaPlus.Data.Engine.MigrationFailedException>(() => service.UpgradeAsync("UniqueUnidade"));

        Assert.StartsWith($"Migration {OnlineBuildContext.UniqueUnidade} failed, with 0 of 2 steps done at step 1 (concurrent build " +
            "of index ix_estoques_unidade): an INVALID index may be left, which the next run renames aside, builds the index beside, and " +
            $"then drops. The steps done are kept (see `db current`); the history still says {Revisions.Head} " +
            "until the last step commits, and the next run goes on from the first step not done. 23505: could not create unique index",
            error.Message, StringComparison.Ordinal);
        Assert.Equal(Revisions.All, await database.AppliedAsync());
        await database.ExecuteAsync(NoDuplicateUnidade);
        await service.UpgradeAsync("UniqueUnidade");
        Assert.Equal([.. Revisions.All, OnlineBuildContext.UniqueUnidade], await database.AppliedAsync());
        Assert.True(await database.ScalarAsync<bool>(UnidadeIndexValid));
    }

    // A second 'caixa' beside the seed's: a unique index on estoques.unidade cannot be built over them.
    private const string DuplicateUnidade = "INSERT INTO estoques (tipo_item, nome, quantidade, unidade) VALUES ('INSUMO', 'Luva', 5, 'caixa')";
    private const string NoDuplicateUnidade = "DELETE FROM estoques WHERE nome = 'Luva'";
    private const string UnidadeIndexValid = "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_estoques_unidade'::regclass";

    private const string UnidadeIndexes =
        "SELECT string_agg(c.relname || CASE WHEN i.indisvalid THEN ' valid ' ELSE ' INVALID ' END || pg_get_indexdef(i.indexrelid), ', ' ORDER BY c.relname) " +
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'ix_estoques_unidade%'";

    private const string NotNull =
        "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'estoques'::regclass AND attname = 'data_validade'";

    // The generated migration, and beside it what it could not show on these tables: a foreign key added to an existing
    // table (after its column) and an index dropped from one, marked as the design-time differ marks them.
    private static IReadOnlyList<MigrationOperation> AllChanges()
    {
        IReadOnlyList<MigrationOperation> more =
        [
            new AddColumnOperation { Name = "leito_id", Table = "estoques", ClrType = typeof(int), ColumnType = "integer", IsNullable = true },
            new AddForeignKeyOperation
            {
                Name = "fk_estoques_leitos_leito_id", Table = "estoques", Columns = ["leito_id"], PrincipalTable = "leitos", PrincipalColumns = ["id"],
            },
            new DropIndexOperation { Name = "ix_consultas_prontuario_id", Table = "consultas" },
        ];
        return [.. OnlineChangesContext.Migration().Operations, .. OnlineOperations.Mark(more, target: null)];
    }

    private static MigrationCommand HistoryInsert(OnlineChangesContext db) => new(
        db.GetService<IRawSqlCommandBuilder>().Build(db.GetService<IHistoryRepository>().GetInsertScript(new HistoryRow("20990101000000_Generated", "10.0.0"))),
        db, db.GetService<IRelationalCommandDiagnosticsLogger>());

    private static IReadOnlyList<MigrationCommand> Commands(VidaPlusDbContext db, IReadOnlyList<MigrationOperation> operations) =>
        db.GetService<IMigrationsSqlGenerator>().Generate(operations, db.GetService<IDesignTimeModel>().Model);

    // As EF Core's migrator runs a migration's commands: the transactional ones together, each online one on its own.
    private static Task ApplyAsync(VidaPlusDbContext db, IReadOnlyList<MigrationOperation> operations) =>
        db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(Commands(db, operations), db.GetService<IRelationalConnection>());

    private static Task SeedAsync(TestDatabase database, string dataValidade) => database.ExecuteAsync($"""
        INSERT INTO leitos (numero_leito, tipo, status) VALUES ('UTI-01', 'UTI', 'LIVRE'), ('ENF-02', 'ENFERMARIA', 'OCUPADO');
        INSERT INTO estoques (tipo_item, nome, quantidade, unidade, data_validade)
            VALUES ('MEDICAMENTO', 'Dipirona', 10, 'caixa', {dataValidade}), ('INSUMO', 'Seringa', 0, 'unidade', '2028-05-01');
        """);

    private static async Task AssertAppliedAsync(TestDatabase database)
    {
        Assert.True(await database.ScalarAsync<bool>(NotNull));
        Assert.Equal("ix_leitos_status valid", await database.ScalarAsync<string>(
            "SELECT c.relname || CASE WHEN i.indisvalid THEN ' valid' ELSE ' INVALID' END FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
            "WHERE c.relname = 'ix_leitos_status'"));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('ix_consultas_prontuario_id') IS NOT NULL"));
        Assert.Equal("ck_estoques_quantidade validated, fk_estoques_leitos_leito_id validated", await database.ScalarAsync<string>(
            "SELECT string_agg(conname || CASE WHEN convalidated THEN ' validated' ELSE ' NOT VALID' END, ', ' ORDER BY conname) " +
            "FROM pg_constraint WHERE conrelid = 'estoques'::regclass AND contype IN ('c', 'f')"));
        Assert.Null(await database.ScalarAsync<object?>(
            "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum " +
            "WHERE d.adrelid = 'estoques'::regclass AND a.attname = 'data_validade'"));
    }
}
