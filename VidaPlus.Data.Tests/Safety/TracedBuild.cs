using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using VidaPlus.Data.Migrations;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Compatibility;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>A build whose next migrations each do one thing the rules cannot read or misread, judged by what PostgreSQL
/// does (each traced on its own: the guard is asked about one at a time).</summary>
internal sealed class TracedBuildContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static TracedBuildContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));
}

[DbContext(typeof(TracedBuildContext))]
[Migration("20261126054308_InitialSchema")]
internal sealed class TracedInitialSchema : SameAs<InitialSchema>;

[DbContext(typeof(TracedBuildContext))]
[Migration("20261126054320_AddEstoquesAndLeitos")]
internal sealed class TracedAddEstoquesAndLeitos : SameAs<AddEstoquesAndLeitos>;

[DbContext(typeof(TracedBuildContext))]
[Migration("20261126054331_MakeLeitoPacienteOptional")]
internal sealed class TracedMakeLeitoPacienteOptional : SameAs<MakeLeitoPacienteOptional>;

[DbContext(typeof(TracedBuildContext))]
[Migration("20261126132319_AddRowVersions")]
internal sealed class TracedAddRowVersions : SameAs<AddRowVersions>;

/// <summary>One thing done to the existing tables, its Down a no-op (never run).</summary>
internal abstract class TracedCase(Action<MigrationBuilder> up) : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}

[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class RawBigint() : TracedCase(b => b.Sql("ALTER TABLE public.estoques ALTER COLUMN quantidade TYPE bigint"))
{
    public const string Id = "20261301000000_RawBigint";
}

[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class TwoUpdates() : TracedCase(b => b.Sql("UPDATE leitos SET status = 'LIVRE'; UPDATE estoques SET quantidade = quantidade + 1"))
{
    public const string Id = "20261302000000_TwoUpdates";
}

[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class RawDelete() : TracedCase(b => b.Sql("DELETE FROM public.estoques WHERE quantidade < 0"))
{
    public const string Id = "20261303000000_RawDelete";
}

[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class RawLeitosIndex() : TracedCase(b => b.Sql("CREATE INDEX ix_leitos_tipo ON public.leitos (tipo)"))
{
    public const string Id = "20261304000000_RawLeitosIndex";
}

[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class IdentityColumn() : TracedCase(b => b.AddColumn<int>(name: "sequencia", table: "estoques", type: "integer", nullable: false)
    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn))
{
    public const string Id = "20261305000000_IdentityColumn";
}

[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class StoredGenerated() : TracedCase(b => b.AddColumn<int>(name: "dobro", table: "estoques", type: "integer", nullable: true,
    computedColumnSql: "quantidade * 2", stored: true))
{
    public const string Id = "20261306000000_StoredGenerated";
}

[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class UtcDefault() : TracedCase(b => b.AddColumn<DateTime>(name: "conferido_em", table: "estoques", type: "timestamp without time zone",
    nullable: true, defaultValueSql: "timezone('utc', now())"))
{
    public const string Id = "20261307000000_UtcDefault";
}

[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class LabelAddedAndUsed() : TracedCase(b => b.Sql(
    "ALTER TYPE statusleito ADD VALUE 'EM_LIMPEZA'; UPDATE leitos SET status = 'EM_LIMPEZA' WHERE id = 0"))
{
    public const string Id = "20261308000000_LabelAddedAndUsed";
}

/// <summary>A table renamed (its risk to older code accepted) whose primary key is rebuilt under the new name: the rules
/// look the new name up, which no table has yet.</summary>
[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
[AcceptsRisk("VP008", "nothing older reads estoques in this build")]
internal sealed class RenameRebuildsKey() : TracedCase(b =>
{
    b.DropPrimaryKey(name: "pk_estoques", table: "estoques");
    b.RenameTable(name: "estoques", newName: "estoque_itens");
    b.AddPrimaryKey(name: "pk_estoque_itens", table: "estoque_itens", column: "id");
})
{
    public const string Id = "20261309000000_RenameRebuildsKey";
}

/// <summary>Two fills a reviewer wants counted: the NULLs of a column made required with a model default, and a Backfill
/// whose condition reads the column UtcDefault (pending before it) adds.</summary>
[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class Fills() : TracedCase(b =>
{
    b.AlterColumn<DateOnly>(name: "data_validade", table: "estoques", type: "date", nullable: false, defaultValue: new DateOnly(2030, 1, 1),
        oldClrType: typeof(DateOnly), oldType: "date", oldNullable: true, oldDefaultValue: new DateOnly(2030, 1, 1))
        .Annotation(OnlineOperations.FillNulls, "DATE '2030-01-01'")
        .Annotation(OnlineOperations.Annotation, true);
    b.Backfill("estoques", "conferido_em", "timezone('utc', now())", where: "conferido_em IS NULL");
})
{
    public const string Id = "20261310000000_Fills";
}

/// <summary>Nothing up; down, raw SQL that rewrites estoques, which only the trace reads.</summary>
[DbContext(typeof(TracedBuildContext))]
[Migration(Id)]
internal sealed class RawBigintDown : Migration
{
    public const string Id = "20261311000000_RawBigintDown";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("ALTER TABLE public.estoques ALTER COLUMN quantidade TYPE bigint");
}
