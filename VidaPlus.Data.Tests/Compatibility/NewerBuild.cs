using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Compatibility;

/// <summary>
/// A second, newer build of the schema, as the next release would ship it: our three migrations (the same classes,
/// so the same operations and checksums) and two more, the first of each kind. Its migrations are found the way EF
/// Core finds any context's: by <c>[DbContext]</c> in the context's assembly.
/// </summary>
internal sealed class NewerBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    // Its model is ours; the two extra migrations are not in it, which is all the newer build needs here.
    public static NewerBuildContext Create(string connectionString) => new(TestBuilds.Options(connectionString));
}

/// <summary>One of our migrations, as the newer build ships it: the same operations, under that build's context.
/// (Not a subclass: the class's own [DbContext] would come with it.)</summary>
internal abstract class SameAs<T> : Migration where T : Migration, new()
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Operations.AddRange(new T { ActiveProvider = ActiveProvider! }.UpOperations);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Operations.AddRange(new T { ActiveProvider = ActiveProvider! }.DownOperations);
}

[DbContext(typeof(NewerBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class NewerInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(NewerBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class NewerAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(NewerBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class NewerMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(NewerBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class NewerAddRowVersions : SameAs<AddRowVersions>;

/// <summary>Expand: a nullable column older code never reads.</summary>
[DbContext(typeof(NewerBuildContext))]
[Migration("20261201000000_AddLeitoSala")]
internal sealed class AddLeitoSala : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("sala", "leitos", type: "character varying(20)", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("sala", "leitos");
}

/// <summary>Contract: drops a column older code reads and writes.</summary>
[DbContext(typeof(NewerBuildContext))]
[Migration("20261202000000_DropEstoqueDataValidade")]
internal sealed class DropEstoqueDataValidade : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("data_validade", "estoques");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<DateOnly>("data_validade", "estoques", type: "date", nullable: true);
}
