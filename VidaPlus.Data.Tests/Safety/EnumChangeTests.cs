using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>
/// statusleito changed in the model and generated as `dotnet ef migrations add` does: a rename runs as RENAME VALUE,
/// a label inserted in the middle as ADD VALUE ... AFTER, a removal is refused while a row holds the label and
/// otherwise recreates the type. Each goes down and up again with every row kept.
/// </summary>
public sealed class EnumChangeTests
{
    private const string Labels =
        "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'statusleito'::regtype";

    private const string ByStatus = "SELECT string_agg(numero_leito || '=' || status, ',' ORDER BY numero_leito) FROM leitos";

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void Generated_EachChangeIsTheSqlPostgreSqlCanRun_ClassedContract()
    {
        using var renamed = RenamedLabelContext.Create();
        using var inserted = InsertedLabelContext.Create();
        using var removed = RemovedLabelContext.Create();

        Assert.Equal(["ALTER TYPE statusleito RENAME VALUE 'LIVRE' TO 'DISPONIVEL';"], UpSql(renamed));
        Assert.Equal(["ALTER TYPE statusleito RENAME VALUE 'DISPONIVEL' TO 'LIVRE';"], DownSql(renamed));
        Assert.Equal(["ALTER TYPE statusleito ADD VALUE 'LIMPEZA' AFTER 'OCUPADO';"], UpSql(inserted));
        Assert.Equal(["ALTER TYPE statusleito ADD VALUE 'LIVRE' AFTER 'OCUPADO';"], DownSql(removed));
        Assert.Equal([
            """
            DO $$
            DECLARE
                held bigint;
            BEGIN
                SELECT count(*) INTO held FROM leitos WHERE status::text IN ('LIVRE');
                IF held > 0 THEN
                    RAISE EXCEPTION 'Enum statusleito loses LIVRE, but leitos.status holds it in % row(s): move them to a label that stays first (migrationBuilder.Backfill, in an earlier migration), then apply this one again.', held;
                END IF;
            END $$;
            """,
            "ALTER TYPE statusleito RENAME TO statusleito_vidaplus_old;",
            "CREATE TYPE statusleito AS ENUM ('OCUPADO', 'RESERVADO', 'EM_MANUTENCAO');",
            "ALTER TABLE leitos ALTER COLUMN status TYPE statusleito USING status::text::statusleito;",
            "DROP TYPE statusleito_vidaplus_old;",
        ], UpSql(removed));
        foreach (var context in new VidaPlusDbContext[] { renamed, inserted, removed })
        {
            Assert.Equal(CompatibilityClass.Contract,
                MigrationClassifier.Classify(new GeneratedMigration(TestDesignTime.Migration(context).Up), MigrationDirection.Up).Class);
        }
    }

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void Lint_ARenameOrInsertIsNoProblem_ARemovalNamesTheTableItRewrites()
    {
        using var renamed = RenamedLabelContext.Create();
        using var inserted = InsertedLabelContext.Create();
        using var removed = RemovedLabelContext.Create();

        Assert.DoesNotContain(Lint(renamed), f => f.IsProblem);
        Assert.DoesNotContain(Lint(inserted), f => f.IsProblem);
        Assert.Equal([("VP009", "leitos", "AlterDatabase enum statusleito loses LIVRE, rewriting leitos")],
            Lint(removed).Select(f => (f.Rule.Id, f.Table, f.Operation)));
    }

    [Fact]
    public async Task ARename_KeepsEveryRow_AndTheDownRenamesItBack()
    {
        await using var database = await SeededAsync();
        await using var db = RenamedLabelContext.Create(database.ConnectionString);

        await UpAsync(db);
        Assert.Equal("A=DISPONIVEL,B=OCUPADO,C=DISPONIVEL", await database.ScalarAsync<string>(ByStatus));
        Assert.Equal(RenamedLabelContext.After, await database.ScalarAsync<string>(Labels));

        await DownAsync(db);
        Assert.Equal("A=LIVRE,B=OCUPADO,C=LIVRE", await database.ScalarAsync<string>(ByStatus));
        Assert.Equal(EnumChangeContext.Before, await database.ScalarAsync<string>(Labels));
    }

    [Fact]
    public async Task AnInsertedLabel_TakesItsPlace_AndItsDownIsRefusedWhileARowHoldsIt_ThenRunsAndUpAgain()
    {
        await using var database = await SeededAsync();
        await using var db = InsertedLabelContext.Create(database.ConnectionString);

        await UpAsync(db);
        Assert.Equal(InsertedLabelContext.After, await database.ScalarAsync<string>(Labels));
        await database.ExecuteAsync("UPDATE leitos SET status = 'LIMPEZA' WHERE numero_leito = 'B'");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => DownAsync(db));
        Assert.Equal("Enum statusleito loses LIMPEZA, but leitos.status holds it in 1 row(s): move them to a label that stays first " +
            "(migrationBuilder.Backfill, in an earlier migration), then apply this one again.", refused.MessageText);
        Assert.Equal(InsertedLabelContext.After, await database.ScalarAsync<string>(Labels));
        Assert.Equal("A=LIVRE,B=LIMPEZA,C=LIVRE", await database.ScalarAsync<string>(ByStatus));

        await database.ExecuteAsync("UPDATE leitos SET status = 'OCUPADO' WHERE numero_leito = 'B'");
        await DownAsync(db);
        Assert.Equal(EnumChangeContext.Before, await database.ScalarAsync<string>(Labels));
        await UpAsync(db);
        Assert.Equal(InsertedLabelContext.After, await database.ScalarAsync<string>(Labels));
        Assert.Equal("A=LIVRE,B=OCUPADO,C=LIVRE", await database.ScalarAsync<string>(ByStatus));
    }

    [Fact]
    public async Task ARemoval_IsRefusedWhileRowsHoldTheLabel_ChangingNothing_ThenRecreatesTheType_AndTheDownBringsItBack()
    {
        await using var database = await SeededAsync();
        await using var db = RemovedLabelContext.Create(database.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => UpAsync(db));

        Assert.Equal("Enum statusleito loses LIVRE, but leitos.status holds it in 2 row(s): move them to a label that stays first " +
            "(migrationBuilder.Backfill, in an earlier migration), then apply this one again.", refused.MessageText);
        Assert.Equal(EnumChangeContext.Before, await database.ScalarAsync<string>(Labels));
        Assert.Equal("A=LIVRE,B=OCUPADO,C=LIVRE", await database.ScalarAsync<string>(ByStatus));

        await database.ExecuteAsync("UPDATE leitos SET status = 'RESERVADO' WHERE status = 'LIVRE'");
        await UpAsync(db);
        Assert.Equal(RemovedLabelContext.After, await database.ScalarAsync<string>(Labels));
        Assert.Equal("A=RESERVADO,B=OCUPADO,C=RESERVADO", await database.ScalarAsync<string>(ByStatus));
        // The column keeps its index and its NOT NULL on the new type.
        Assert.True(await database.ScalarAsync<bool>(
            "SELECT attnotnull AND atttypid = 'statusleito'::regtype FROM pg_attribute WHERE attrelid = 'leitos'::regclass AND attname = 'status'"));

        await DownAsync(db);
        Assert.Equal(EnumChangeContext.Before, await database.ScalarAsync<string>(Labels));
        Assert.Equal("A=RESERVADO,B=OCUPADO,C=RESERVADO", await database.ScalarAsync<string>(ByStatus));
    }

    [Fact]
    public async Task ALabelOfATptHierarchysEnum_IsRemovedFromTheTableThatHoldsTheColumn_RefusedWhileARowHoldsIt()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO users (nome, email, senha, tipo, is_active, is_superuser) VALUES ('P', 'p@x.test', 'x', 'PROFISSIONAL', true, false)");
        await using var db = UserRoleRemovedContext.Create(database.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => UpAsync(db));

        Assert.Equal("Enum userrole loses PROFISSIONAL, but users.tipo holds it in 1 row(s): move them to a label that stays first " +
            "(migrationBuilder.Backfill, in an earlier migration), then apply this one again.", refused.MessageText);
        await database.ExecuteAsync("UPDATE users SET tipo = 'PACIENTE'");
        await UpAsync(db);
        Assert.Equal("ADMIN,PACIENTE", await database.ScalarAsync<string>(
            "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'userrole'::regtype"));
        Assert.Equal("PACIENTE", await database.ScalarAsync<string>("SELECT tipo::text FROM users"));
    }

    private static async Task<TestDatabase> SeededAsync()
    {
        var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, tipo, status) VALUES ('A', 'UTI', 'LIVRE'), ('B', 'UTI', 'OCUPADO'), ('C', 'UTI', 'LIVRE')");
        return database;
    }

    private static IReadOnlyList<LintFinding> Lint(VidaPlusDbContext context) =>
        MigrationLinter.Lint(new GeneratedMigration(TestDesignTime.Migration(context).Up, TestDesignTime.Target(context)), "20990101000000_Generated");

    private static IReadOnlyList<MigrationCommand> UpCommands(VidaPlusDbContext db) =>
        db.GetService<IMigrationsSqlGenerator>().Generate(TestDesignTime.Migration(db).Up, TestDesignTime.Target(db));

    private static IReadOnlyList<MigrationCommand> DownCommands(VidaPlusDbContext db) =>
        db.GetService<IMigrationsSqlGenerator>().Generate(TestDesignTime.Migration(db).Down, TestDesignTime.Snapshot());

    private static IEnumerable<string> UpSql(VidaPlusDbContext db) => UpCommands(db).Select(c => c.CommandText.Trim().ReplaceLineEndings("\n"));

    private static IEnumerable<string> DownSql(VidaPlusDbContext db) => DownCommands(db).Select(c => c.CommandText.Trim());

    // As EF Core's migrator runs a migration's commands.
    private static Task UpAsync(VidaPlusDbContext db) => ExecuteAsync(db, UpCommands(db));

    private static Task DownAsync(VidaPlusDbContext db) => ExecuteAsync(db, DownCommands(db));

    private static Task ExecuteAsync(VidaPlusDbContext db, IReadOnlyList<MigrationCommand> commands) =>
        db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>());
}
