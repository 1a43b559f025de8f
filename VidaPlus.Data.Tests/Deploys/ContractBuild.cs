using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Deploys;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Tests.Compatibility;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Deploys;

/// <summary>A build whose next change is made in two: an expand migration, and its contract, held back while an older
/// build serves.</summary>
internal sealed class ContractBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static ContractBuildContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));

    public const string Expand = "20261401000000_AddUnidadeMedida";
    public const string Contract = "20261401000001_AddUnidadeMedidaContract";
}

[DbContext(typeof(ContractBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class ContractInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(ContractBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class ContractAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(ContractBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class ContractMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(ContractBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class ContractAddRowVersions : SameAs<AddRowVersions>;

[DbContext(typeof(ContractBuildContext))]
[Migration(ContractBuildContext.Expand)]
internal sealed class AddUnidadeMedida : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "unidade_medida", table: "estoques", type: "character varying(20)", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "unidade_medida", table: "estoques");
}

[DbContext(typeof(ContractBuildContext))]
[Migration(ContractBuildContext.Contract)]
[Contract(ContractBuildContext.Expand)]
internal sealed class AddUnidadeMedidaContract : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "unidade", table: "estoques");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "unidade", table: "estoques", type: "character varying(20)", nullable: true);
}
