using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Compatibility;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>A build whose next migrations change the rows of an existing table with <c>migrationBuilder.Backfill</c>:
/// a new column filled from another (expand), then a change older code reads, each row counted once (contract); then
/// an index on that table written by hand in raw SQL, which nobody accepted; then that column made required, and a
/// required column added with no default, as `dotnet ef migrations add` writes them for this project.</summary>
internal sealed class BackfillBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public const string AddNomeBusca = "20261205000000_AddNomeBusca";
    public const string CountQuantidade = "20261206000000_CountQuantidade";
    public const string RawIndex = "20261207000000_RawIndex";
    public const string RequireNomeBusca = "20261208000000_RequireNomeBusca";
    public const string AddLote = "20261209000000_AddLote";

    public static BackfillBuildContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));
}

[DbContext(typeof(BackfillBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class BackfillInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(BackfillBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class BackfillAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(BackfillBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class BackfillMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(BackfillBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class BackfillAddRowVersions : SameAs<AddRowVersions>;

/// <summary>A column added (as `dotnet ef migrations add` writes it) and filled in batches of 100 keys.</summary>
[DbContext(typeof(BackfillBuildContext))]
[Migration(BackfillBuildContext.AddNomeBusca)]
internal sealed class AddNomeBusca : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "nome_busca", table: "estoques", type: "character varying(255)", nullable: true);
        migrationBuilder.Backfill("estoques", "nome_busca", "lower(nome)", where: "nome_busca IS NULL", batchSize: 100);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "nome_busca", table: "estoques");
}

/// <summary>Every row's quantidade plus one: a row changed twice, or missed, shows.</summary>
[DbContext(typeof(BackfillBuildContext))]
[Migration(BackfillBuildContext.CountQuantidade)]
internal sealed class CountQuantidade : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Backfill("estoques", "quantidade", "quantidade + 1", batchSize: 100);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Backfill("estoques", "quantidade", "quantidade - 1", batchSize: 100);
}

/// <summary>Raw SQL on an existing table, and no [AcceptsRisk]: VP000 is a problem there.</summary>
[DbContext(typeof(BackfillBuildContext))]
[Migration(BackfillBuildContext.RawIndex)]
internal sealed class RawIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("CREATE INDEX ix_estoques_nome_busca ON estoques (nome_busca)");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("DROP INDEX ix_estoques_nome_busca");
}

/// <summary>nome_busca made required: rows still holding NULL would stop it at the proof.</summary>
[DbContext(typeof(BackfillBuildContext))]
[Migration(BackfillBuildContext.RequireNomeBusca)]
internal sealed class RequireNomeBusca : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AlterColumn<string>(name: "nome_busca", table: "estoques", type: "character varying(255)", nullable: false,
            oldClrType: typeof(string), oldType: "character varying(255)", oldNullable: true).Annotation("VidaPlus:Online", true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AlterColumn<string>(name: "nome_busca", table: "estoques", type: "character varying(255)", nullable: true,
            oldClrType: typeof(string), oldType: "character varying(255)");
}

/// <summary>A required string added with no default (the one EF Core would write, '', taken out): any row stops it.</summary>
[DbContext(typeof(BackfillBuildContext))]
[Migration(BackfillBuildContext.AddLote)]
internal sealed class AddLote : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "lote", table: "estoques", type: "text", nullable: false);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "lote", table: "estoques");
}
