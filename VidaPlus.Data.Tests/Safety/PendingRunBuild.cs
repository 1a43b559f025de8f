using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Compatibility;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>A build whose pending migrations are judged as the run they make, in order: estoques.data_validade (an
/// existing column) filled by a Backfill in one migration and made required in the next; then estoques.lote added in
/// one and made required in the next, with nothing to fill it.</summary>
internal sealed class PendingRunBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public const string FillDataValidade = "20261211000000_FillDataValidade";
    public const string RequireDataValidade = "20261212000000_RequireDataValidade";
    public const string AddLote = "20261213000000_AddLote";
    public const string RequireLote = "20261214000000_RequireLote";

    public static PendingRunBuildContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));
}

[DbContext(typeof(PendingRunBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class PendingRunInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(PendingRunBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class PendingRunAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(PendingRunBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class PendingRunMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(PendingRunBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class PendingRunAddRowVersions : SameAs<AddRowVersions>;

[DbContext(typeof(PendingRunBuildContext))]
[Migration(PendingRunBuildContext.FillDataValidade)]
internal sealed class FillDataValidade : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Backfill("estoques", "data_validade", "DATE '2030-01-01'", where: "data_validade IS NULL", batchSize: 10);

    // The dates filled stay: nothing older reads them otherwise.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}

[DbContext(typeof(PendingRunBuildContext))]
[Migration(PendingRunBuildContext.RequireDataValidade)]
internal sealed class RequireDataValidade : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AlterColumn<DateOnly>(name: "data_validade", table: "estoques", type: "date", nullable: false,
            oldClrType: typeof(DateOnly), oldType: "date", oldNullable: true).Annotation("VidaPlus:Online", true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AlterColumn<DateOnly>(name: "data_validade", table: "estoques", type: "date", nullable: true,
            oldClrType: typeof(DateOnly), oldType: "date");
}

[DbContext(typeof(PendingRunBuildContext))]
[Migration(PendingRunBuildContext.AddLote)]
internal sealed class PendingAddLote : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "lote", table: "estoques", type: "character varying(20)", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "lote", table: "estoques");
}

[DbContext(typeof(PendingRunBuildContext))]
[Migration(PendingRunBuildContext.RequireLote)]
internal sealed class RequireLote : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AlterColumn<string>(name: "lote", table: "estoques", type: "character varying(20)", nullable: false,
            oldClrType: typeof(string), oldType: "character varying(20)", oldNullable: true).Annotation("VidaPlus:Online", true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AlterColumn<string>(name: "lote", table: "estoques", type: "character varying(20)", nullable: true,
            oldClrType: typeof(string), oldType: "character varying(20)");
}
