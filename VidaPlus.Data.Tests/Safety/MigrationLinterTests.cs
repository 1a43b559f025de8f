using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

[Trait(Category.Name, Category.NoDatabase)]
public sealed class MigrationLinterTests
{
    public static TheoryData<Type, string[]> Cases => new()
    {
        { typeof(IndexOnExistingTable), ["VP001"] },
        { typeof(IndexOnExistingTableConcurrently), [] },
        { typeof(IndexOnNewTable), [] },
        { typeof(DropIndex), ["VP002"] },
        { typeof(DropIndexConcurrentlyBySql), ["VP000"] },
        { typeof(ForeignKeyOnExistingTable), ["VP003"] },
        { typeof(CheckOnExistingTable), ["VP003"] },
        { typeof(MakeNotNull), ["VP004"] },
        { typeof(MakeNullable), [] },
        { typeof(NarrowType), ["VP005"] },
        { typeof(WidenVarchar), [] },
        { typeof(VolatileDefault), ["VP006"] },
        { typeof(StableDefault), [] },
        { typeof(UniqueConstraintOnExistingTable), ["VP007"] },
        { typeof(DropColumn), ["VP008"] },
        { typeof(RenameTable), ["VP008"] },
        { typeof(RemoveEnumLabel), ["VP009"] },
        { typeof(AddEnumLabelAndUseIt), ["VP010", "VP011"] },
        { typeof(AddEnumLabelAsDefault), ["VP010"] },
        { typeof(AddEnumLabel), [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachRule_FlagsItsUnsafeForm_AndNotItsSafeForm(Type migration, string[] expectedRules)
    {
        var findings = MigrationLinter.Lint((Migration)Activator.CreateInstance(migration)!, migration.Name);

        Assert.Equal(expectedRules, findings.Select(f => f.Rule.Id));
        Assert.All(findings, f => Assert.Null(f.AcceptedReason));
    }

    [Fact]
    public void Finding_SaysRuleMigrationOperationWhyAndTheSafeWay()
    {
        var finding = Assert.Single(MigrationLinter.Lint(new IndexOnExistingTable(), "20990101000000_IndexOnExistingTable"));

        Assert.Equal(
            "VP001 index-not-concurrent in 20990101000000_IndexOnExistingTable: CreateIndex ix_leitos_status on leitos. " +
            "CREATE INDEX without CONCURRENTLY blocks every write to the table for as long as the index takes to build. " +
            "Safe way: Generate the migration with `dotnet ef migrations add`, which builds it concurrently on an existing table " +
            "(Npgsql:CreatedConcurrently), or .IsCreatedConcurrently() on the index.",
            finding.ToString());
        Assert.True(finding.IsProblem);
    }

    [Fact]
    public void AcceptedRule_IsListedWithItsReason_AndIsNoProblem()
    {
        var finding = Assert.Single(MigrationLinter.Lint(new DropColumnAccepted(), "DropColumnAccepted"));

        Assert.Equal("VP008", finding.Rule.Id);
        Assert.False(finding.IsProblem);
        Assert.Equal("VP008 drop-or-rename accepted in DropColumnAccepted: DropColumn consultas.observacao. " +
            "Reason: observacao was never read by any client; its data is archived in the data lake (TICKET-123).", finding.ToString());
    }

    [Fact]
    public void ARiskAcceptedForOneTable_CoversThatTableAlone()
    {
        var findings = MigrationLinter.Lint(new IndexesAcceptedOnOneTable(), "IndexesAcceptedOnOneTable");

        Assert.Equal([("leitos", false), ("estoques", true)], findings.Select(f => (f.Table, f.IsProblem)));
    }

    [Fact]
    public void ABackfillOfATableWithNoKey_IsAProblem_AndItsSqlIsRefusedBeforeAnyOfItRuns()
    {
        var builder = new ModelBuilder();
        builder.Entity("Registro", e =>
        {
            e.ToTable("registros");
            e.Property<string>("texto");
            e.HasNoKey();
        });
        var model = builder.FinalizeModel();
        IReadOnlyList<MigrationOperation> up = [new BackfillOperation { Table = "registros", Column = "texto", Value = "'x'" }];

        var finding = Assert.Single(MigrationLinter.Lint(new GeneratedMigration(up, model), "20990101000000_Keyless"));
        using var db = TestDatabase.OfflineContext();
        var error = Assert.Throws<InvalidOperationException>(() => db.GetService<IMigrationsSqlGenerator>().Generate(up, model));

        Assert.Equal(("VP013", true), (finding.Rule.Id, finding.IsProblem));
        Assert.Equal(BackfillSql.NoKey((BackfillOperation)up[0]), error.Message);
        Assert.StartsWith("Backfill registros.texto:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMigrationInTheAssembly_HasNoUnacceptedFinding()
    {
        var problems = MigrationLinter.Lint(CompiledMigrations.VidaPlus)
            .Where(f => f.IsProblem)
            .Select(f => f.ToString())
            .ToList();

        Assert.True(problems.Count == 0, $"Unsafe migration operations (fix them, or accept each with [AcceptsRisk]):\n  {string.Join("\n  ", problems)}");
    }
}
