using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Compatibility;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Engine;

/// <summary>A build whose next migration has many steps on tables that hold rows, as `dotnet ef migrations add` writes
/// them for this project: a new table, a column, a foreign key and an index on an existing table, a unique index, a
/// CHECK, a column filled by a backfill and then made required.</summary>
internal sealed class ResumeBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public const string AddQuartos = "20261210000000_AddQuartos";

    public static ResumeBuildContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));
}

[DbContext(typeof(ResumeBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class ResumeInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(ResumeBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class ResumeAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(ResumeBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class ResumeMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(ResumeBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class ResumeAddRowVersions : SameAs<AddRowVersions>;

[DbContext(typeof(ResumeBuildContext))]
[Migration(ResumeBuildContext.AddQuartos)]
internal sealed class AddQuartos : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "quartos",
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                numero = table.Column<string>(type: "character varying(20)", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_quartos", x => x.id));
        migrationBuilder.AddColumn<int>(name: "quarto_id", table: "leitos", type: "integer", nullable: true)
            .Annotation("VidaPlus:Online", true);
        migrationBuilder.CreateIndex(name: "ix_leitos_quarto_id", table: "leitos", column: "quarto_id")
            .Annotation("Npgsql:CreatedConcurrently", true);
        migrationBuilder.AddForeignKey(name: "fk_leitos_quartos_quarto_id", table: "leitos", column: "quarto_id",
            principalTable: "quartos", principalColumn: "id").Annotation("VidaPlus:Online", true);
        migrationBuilder.CreateIndex(name: "ux_estoques_nome", table: "estoques", column: "nome", unique: true)
            .Annotation("Npgsql:CreatedConcurrently", true);
        migrationBuilder.AddCheckConstraint(name: "ck_estoques_quantidade", table: "estoques", sql: "quantidade >= 0")
            .Annotation("VidaPlus:Online", true);
        migrationBuilder.AddColumn<string>(name: "codigo", table: "estoques", type: "character varying(20)", nullable: true)
            .Annotation("VidaPlus:Online", true);
        migrationBuilder.Backfill("estoques", "codigo", "'E' || id", where: "codigo IS NULL", batchSize: 50);
        migrationBuilder.AlterColumn<string>(name: "codigo", table: "estoques", type: "character varying(20)", nullable: false,
            oldClrType: typeof(string), oldType: "character varying(20)", oldNullable: true).Annotation("VidaPlus:Online", true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "codigo", table: "estoques");
        migrationBuilder.DropCheckConstraint(name: "ck_estoques_quantidade", table: "estoques");
        migrationBuilder.DropIndex(name: "ux_estoques_nome", table: "estoques").Annotation("VidaPlus:Online", true);
        migrationBuilder.DropForeignKey(name: "fk_leitos_quartos_quarto_id", table: "leitos");
        migrationBuilder.DropIndex(name: "ix_leitos_quarto_id", table: "leitos").Annotation("VidaPlus:Online", true);
        migrationBuilder.DropColumn(name: "quarto_id", table: "leitos");
        migrationBuilder.DropTable(name: "quartos");
    }
}
