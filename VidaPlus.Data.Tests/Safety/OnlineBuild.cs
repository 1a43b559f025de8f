using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Tests.Compatibility;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>A build whose next migrations change tables that already hold rows: a unique index as this project writes it
/// (online), then an index as EF Core alone writes it (plain, VP001).</summary>
internal sealed class OnlineBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public const string UniqueUnidade = "20261203000000_UniqueUnidade";
    public const string PlainStatusIndex = "20261204000000_PlainStatusIndex";

    public static OnlineBuildContext Create(string connectionString) => new(TestBuilds.Options(connectionString));
}

[DbContext(typeof(OnlineBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class OnlineInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(OnlineBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class OnlineAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(OnlineBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class OnlineMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(OnlineBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class OnlineAddRowVersions : SameAs<AddRowVersions>;

/// <summary>As `dotnet ef migrations add` writes it for a unique index on an existing table.</summary>
[DbContext(typeof(OnlineBuildContext))]
[Migration(OnlineBuildContext.UniqueUnidade)]
internal sealed class UniqueUnidade : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: "ix_estoques_unidade", table: "estoques", column: "unidade", unique: true)
            .Annotation("Npgsql:CreatedConcurrently", true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: "ix_estoques_unidade", table: "estoques").Annotation("VidaPlus:Online", true);
}

/// <summary>As EF Core writes an index on an existing table, without this project's design-time services.</summary>
[DbContext(typeof(OnlineBuildContext))]
[Migration(OnlineBuildContext.PlainStatusIndex)]
internal sealed class PlainStatusIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: "ix_leitos_status", table: "leitos", column: "status");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropIndex(name: "ix_leitos_status", table: "leitos");
}
