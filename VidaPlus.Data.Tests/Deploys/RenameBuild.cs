using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Deploys;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Tests.Compatibility;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Deploys;

/// <summary>A build that renames estoques.unidade to unidade_medida in two migrations: expand, then contract.</summary>
internal sealed class RenameBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static RenameBuildContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));

    public const string Expand = "20261402000000_RenameUnidade";
    public const string Contract = "20261402000001_RenameUnidadeContract";
}

/// <summary>The newer build's model: estoques.unidade is unidade_medida. (The older build is VidaPlus as it is.)</summary>
internal sealed class RenamedUnidadeModel(ModelCustomizerDependencies dependencies) : ModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        modelBuilder.Entity<Estoque>().Property(e => e.Unidade).HasColumnName("unidade_medida");
    }
}

[DbContext(typeof(RenameBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class RenameInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(RenameBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class RenameAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(RenameBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class RenameMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(RenameBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class RenameAddRowVersions : SameAs<AddRowVersions>;

// As `dotnet ef migrations add` writes them (ExpandContractScaffolderTests).
[DbContext(typeof(RenameBuildContext))]
[Migration(RenameBuildContext.Expand)]
internal sealed class RenameUnidade : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "unidade_medida",
            table: "estoques",
            type: "character varying(50)",
            maxLength: 50,
            nullable: false)
            .Annotation("VidaPlus:ExpandFrom", "unidade");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "unidade_medida",
            table: "estoques")
            .Annotation("VidaPlus:ContractTo", "unidade");
    }
}

[DbContext(typeof(RenameBuildContext))]
[Migration(RenameBuildContext.Contract)]
[Contract(RenameBuildContext.Expand)]
internal sealed class RenameUnidadeContract : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "unidade",
            table: "estoques")
            .Annotation("VidaPlus:ContractTo", "unidade_medida");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "unidade",
            table: "estoques",
            type: "character varying(50)",
            maxLength: 50,
            nullable: false)
            .Annotation("VidaPlus:ExpandFrom", "unidade_medida");
    }
}

/// <summary>The newer build's model: estoques.quantidade is a bigint (read and written as such, the entity's int converted).</summary>
internal sealed class WidenedQuantidadeModel(ModelCustomizerDependencies dependencies) : ModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        modelBuilder.Entity<Estoque>().Property(e => e.Quantidade).HasConversion<long>().HasColumnType("bigint");
    }
}

/// <summary>A build that widens estoques.quantidade to bigint in two migrations, as `dotnet ef migrations add` writes them.</summary>
internal sealed class WidenBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static WidenBuildContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));

    public const string Expand = "20261403000000_WidenQuantidade";
    public const string Contract = "20261403000001_WidenQuantidadeContract";
}

[DbContext(typeof(WidenBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class WidenInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(WidenBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class WidenAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(WidenBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class WidenMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(WidenBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class WidenAddRowVersions : SameAs<AddRowVersions>;

[DbContext(typeof(WidenBuildContext))]
[Migration(WidenBuildContext.Expand)]
internal sealed class WidenQuantidade : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(
            name: "quantidade_vp_new",
            table: "estoques",
            type: "bigint",
            nullable: false)
            .Annotation("VidaPlus:ExpandFrom", "quantidade");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "quantidade_vp_new",
            table: "estoques")
            .Annotation("VidaPlus:ContractTo", "quantidade");
    }
}

[DbContext(typeof(WidenBuildContext))]
[Migration(WidenBuildContext.Contract)]
[Contract(WidenBuildContext.Expand)]
internal sealed class WidenQuantidadeContract : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "quantidade",
            table: "estoques")
            .Annotation("VidaPlus:ContractTo", "quantidade_vp_new")
            .Annotation("VidaPlus:TakesName", true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.RenameColumn(
            name: "quantidade",
            table: "estoques",
            newName: "quantidade_vp_new");

        migrationBuilder.AddColumn<int>(
            name: "quantidade",
            table: "estoques",
            type: "integer",
            nullable: false)
            .Annotation("VidaPlus:ExpandFrom", "quantidade_vp_new");
    }
}

/// <summary>A model whose leitos.paciente_id, a foreign key, is renamed: not planned as expand and contract.</summary>
internal sealed class RenamedForeignKeyModel(ModelCustomizerDependencies dependencies) : ModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        modelBuilder.Entity<Leito>().Property(l => l.PacienteId).HasColumnName("paciente_usuario_id");
    }
}
