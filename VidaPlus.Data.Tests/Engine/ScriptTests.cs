using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;
using VidaPlus.Data.Tests.Safety;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>What `db script` (and `dotnet ef migrations script`) writes for a DBA, where EF Core's own script would break.</summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed class ScriptTests
{
    [Fact]
    public void AnIdempotentScript_OfAnOnlineMigration_IsRefusedInOneLine_AndThePlainOneIsWritten()
    {
        using var db = OnlineBuildContext.Create(connectionString: null!);
        var service = TestEngine.Service(db);

        var error = Assert.Throws<MigrationTargetException>(() => service.Script(Revisions.Head, OnlineBuildContext.UniqueUnidade, idempotent: true));

        Assert.Equal($"An idempotent script cannot hold {OnlineBuildContext.UniqueUnidade}: its online steps (CONCURRENTLY, VALIDATE, a backfill) " +
            "cannot run inside the DO block that guards each statement. Script the range from the database's revision without --idempotent " +
            "(`db current` names it): each online step there is written to be run again.", error.Message);
        Assert.Contains("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_estoques_unidade ON estoques (unidade);",
            service.Script(Revisions.Head, OnlineBuildContext.UniqueUnidade, idempotent: false), StringComparison.Ordinal);
    }

    [Fact]
    public void EachStepOfAMigrationOfSeveral_IsMarkedInTheScript_WhereItBegins()
    {
        using var db = ResumeBuildContext.Create();

        var sql = TestEngine.Service(db).Script(Revisions.Head, ResumeBuildContext.AddQuartos, idempotent: false);

        Assert.Contains($"-- {ResumeBuildContext.AddQuartos}: step 1 of 13 (one transaction)\nCREATE TABLE quartos (", sql, StringComparison.Ordinal);
        Assert.Contains($"-- {ResumeBuildContext.AddQuartos}: step 2 of 13 (online, on its own)\n-- VidaPlus step: concurrent build of index ix_leitos_quarto_id",
            sql, StringComparison.Ordinal);
        Assert.Equal(13, sql.Split($"-- {ResumeBuildContext.AddQuartos}: step ").Length - 1);
    }

    [Fact]
    public void RawSqlWithoutItsTerminator_IsTerminated_SoTheNextStatementDoesNotRunIntoIt()
    {
        using var db = SlowBuildContext.Create(connectionString: null!);

        var sql = TestEngine.Service(db).Script(Revisions.Base, SlowMigration.Id, idempotent: false);

        Assert.Contains("\nSELECT pg_sleep(1);\n", sql, StringComparison.Ordinal);
    }
}
