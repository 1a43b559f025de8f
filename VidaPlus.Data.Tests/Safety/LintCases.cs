using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data.Tests.Safety;

// One small migration per rule, unsafe and safe, written as a VidaPlus developer would in EF Core.
// They are not [Migration]s of the VidaPlus assembly: only MigrationLinter ever reads them.

internal sealed class IndexOnExistingTable : Migration
{
    protected override void Up(MigrationBuilder b) => b.CreateIndex("ix_leitos_status", "leitos", "status");
}

internal sealed class IndexOnExistingTableConcurrently : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.CreateIndex("ix_leitos_status", "leitos", "status").Annotation("Npgsql:CreatedConcurrently", true);
}

internal sealed class IndexOnNewTable : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("ambulancias", t => new { id = t.Column<int>(), placa = t.Column<string>(maxLength: 8) });
        b.CreateIndex("ix_ambulancias_placa", "ambulancias", "placa", unique: true);
    }
}

internal sealed class DropIndex : Migration
{
    protected override void Up(MigrationBuilder b) => b.DropIndex("ix_leitos_paciente_id", "leitos");
}

internal sealed class DropIndexConcurrentlyBySql : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_leitos_paciente_id;", suppressTransaction: true);
}

internal sealed class ForeignKeyOnExistingTable : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AddForeignKey("fk_x", "estoques", "id", "users", principalColumn: "id");
}

internal sealed class CheckOnExistingTable : Migration
{
    protected override void Up(MigrationBuilder b) => b.AddCheckConstraint("ck_estoques_quantidade", "estoques", "quantidade >= 0");
}

internal sealed class MakeNotNull : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AlterColumn<int>("paciente_id", "leitos", type: "integer", nullable: false, oldClrType: typeof(int), oldType: "integer", oldNullable: true);
}

internal sealed class MakeNullable : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AlterColumn<int>("paciente_id", "leitos", type: "integer", nullable: true, oldClrType: typeof(int), oldType: "integer");
}

internal sealed class NarrowType : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AlterColumn<long>("quantidade", "estoques", type: "bigint", nullable: false, oldClrType: typeof(int), oldType: "integer");
}

internal sealed class WidenVarchar : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AlterColumn<string>("unidade", "estoques", type: "character varying(80)", maxLength: 80, nullable: false,
            oldClrType: typeof(string), oldType: "character varying(50)", oldMaxLength: 50);
        b.AlterColumn<string>("nome", "estoques", type: "text", nullable: false, oldClrType: typeof(string), oldType: "character varying(255)");
    }
}

internal sealed class VolatileDefault : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AddColumn<Guid>("codigo", "estoques", type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()");
}

internal sealed class StableDefault : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AddColumn<DateTime>("atualizado_em", "estoques", type: "timestamp with time zone", nullable: false, defaultValueSql: "now()");
}

internal sealed class UniqueConstraintOnExistingTable : Migration
{
    protected override void Up(MigrationBuilder b) => b.AddUniqueConstraint("ak_leitos_numero_leito", "leitos", "numero_leito");
}

internal sealed class DropColumn : Migration
{
    protected override void Up(MigrationBuilder b) => b.DropColumn("observacao", "consultas");
}

internal sealed class RenameTable : Migration
{
    protected override void Up(MigrationBuilder b) => b.RenameTable("estoques", newName: "estoque_itens");
}

[AcceptsRisk("VP008", "observacao was never read by any client; its data is archived in the data lake (TICKET-123).")]
internal sealed class DropColumnAccepted : Migration
{
    protected override void Up(MigrationBuilder b) => b.DropColumn("observacao", "consultas");
}

/// <summary>A plain index on two tables, its risk accepted for the small one alone.</summary>
[AcceptsRisk("VP001", "leitos holds one row per bed: a few hundred.", Table = "leitos")]
internal sealed class IndexesAcceptedOnOneTable : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateIndex("ix_leitos_tipo", "leitos", "tipo");
        b.CreateIndex("ix_estoques_unidade", "estoques", "unidade");
    }
}

internal sealed class RemoveEnumLabel : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AlterDatabase()
            .Annotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,EM_MANUTENCAO")
            .OldAnnotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO");
}

internal sealed class AddEnumLabelAndUseIt : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AlterDatabase()
            .Annotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO,HIGIENIZACAO")
            .OldAnnotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO");
        b.Sql("UPDATE leitos SET status = 'HIGIENIZACAO' WHERE status = 'LIVRE';");
    }
}

/// <summary>A label added and, in the same migration, made a column's default as the model gives it: a member of the
/// CLR enum, stored as its [PgName] (here Ocupado, OCUPADO, standing in for a new member).</summary>
internal sealed class AddEnumLabelAsDefault : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AlterDatabase()
            .Annotation("Npgsql:Enum:statusleito", "LIVRE,RESERVADO,EM_MANUTENCAO,OCUPADO")
            .OldAnnotation("Npgsql:Enum:statusleito", "LIVRE,RESERVADO,EM_MANUTENCAO");
        b.AlterColumn<VidaPlus.Data.Enums.StatusLeito>(name: "status", table: "leitos", type: "statusleito", nullable: false,
            defaultValue: VidaPlus.Data.Enums.StatusLeito.Ocupado, oldClrType: typeof(VidaPlus.Data.Enums.StatusLeito), oldType: "statusleito");
    }
}

internal sealed class AddEnumLabel : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AlterDatabase()
            .Annotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO,HIGIENIZACAO")
            .OldAnnotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO");
}
