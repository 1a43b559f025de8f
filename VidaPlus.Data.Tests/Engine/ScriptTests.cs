using VidaPlus.Data.Tests.Infrastructure;
using VidaPlus.Data.Tests.Safety;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>What `db script` (and `dotnet ef migrations script`) writes for a DBA, where EF Core's own script would break.</summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed class ScriptTests
{
    [Fact]
    public void AnIdempotentScript_GuardsEachMigrationWithPsql_SoItsConcurrentBuildRunsOutsideAnyBlock()
    {
        using var db = OnlineBuildContext.Create(connectionString: null!);

        var sql = TestEngine.Service(db).Script(Revisions.Base, OnlineBuildContext.UniqueUnidade, idempotent: true);

        Assert.Contains($"""
            SET lock_timeout = 0;
            SELECT NOT EXISTS (SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '{OnlineBuildContext.UniqueUnidade}') AND NOT EXISTS (SELECT 1 FROM __vidaplus_steps WHERE migration_id = '{OnlineBuildContext.UniqueUnidade}' AND direction = 'up' AND step = 1) AS vidaplus_todo \gset
            \if :vidaplus_todo
            -- {OnlineBuildContext.UniqueUnidade}: step 1 of 2 (online, on its own)
            -- VidaPlus step: concurrent build of index ix_estoques_unidade
            """.ReplaceLineEndings("\n"), sql, StringComparison.Ordinal);
        Assert.Contains("\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_estoques_unidade ON estoques (unidade);\n", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("$EF$", sql, StringComparison.Ordinal);
        Assert.StartsWith("\\set ON_ERROR_STOP on", sql.Split("\n").First(l => l.StartsWith('\\')), StringComparison.Ordinal);
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
