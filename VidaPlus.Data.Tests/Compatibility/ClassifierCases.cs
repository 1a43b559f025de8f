using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Tests.Compatibility;

// Small migrations as a VidaPlus developer would write them, one per rule. Not [Migration]s of any context: only
// MigrationClassifier reads them.

internal sealed class NewTableWithIndexAndForeignKey : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("ambulancias", t => new { id = t.Column<int>(), paciente_id = t.Column<int>(), placa = t.Column<string>(maxLength: 8) });
        b.CreateIndex("ix_ambulancias_placa", "ambulancias", "placa", unique: true);
        b.AddForeignKey("fk_ambulancias_paciente_users_paciente_id", "ambulancias", "paciente_id", "paciente_users", principalColumn: "id");
    }

    protected override void Down(MigrationBuilder b) => b.DropTable("ambulancias");
}

internal sealed class NullableAndDefaultedColumns : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AddColumn<string>("sala", "leitos", maxLength: 20, nullable: true);
        b.AddColumn<bool>("ativo", "leitos", nullable: false, defaultValue: true);
        b.CreateIndex("ix_leitos_status", "leitos", "status");
    }
}

internal sealed class RequiredColumnWithoutDefault : Migration
{
    protected override void Up(MigrationBuilder b) => b.AddColumn<string>("sala", "leitos", maxLength: 20, nullable: false);
}

internal sealed class WidenAndLoosen : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AlterColumn<string>("unidade", "estoques", type: "character varying(80)", nullable: false, oldType: "character varying(50)");
        b.AlterColumn<int>("paciente_id", "leitos", type: "integer", nullable: true, oldType: "integer", oldNullable: false);
    }
}

internal sealed class TightenAndRetype : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AlterColumn<string>("unidade", "estoques", type: "character varying(20)", nullable: false, oldType: "character varying(50)");
        b.AlterColumn<int>("paciente_id", "leitos", type: "integer", nullable: false, oldType: "integer", oldNullable: true);
    }
}

internal sealed class EnumLabelAppended : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AlterDatabase().Annotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO,BLOQUEADO")
            .OldAnnotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO");
}

internal sealed class EnumLabelRemovedAndReordered : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AlterDatabase().Annotation("Npgsql:Enum:statusleito", "LIVRE,OCUPADO,RESERVADO")
            .OldAnnotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO");
}

internal sealed class ForeignKeyOnExistingTable : Migration
{
    protected override void Up(MigrationBuilder b) =>
        b.AddForeignKey("fk_estoques_users_criado_por", "estoques", "criado_por", "users", principalColumn: "id");
}

internal sealed class DropsAndRenames : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.DropColumn("observacao", "consultas");
        b.RenameColumn("unidade", "estoques", "unidade_medida");
    }
}

internal sealed class RawSql : Migration
{
    protected override void Up(MigrationBuilder b) => b.Sql("UPDATE estoques SET unidade = lower(unidade)");
}

[DeclaredExpand("lower-cases units in place; older code compares them case-insensitively")]
[DeclaredExpand("puts back what Up lower-cased is not possible; nothing to undo", Direction = MigrationDirection.Down)]
internal sealed class DeclaredRawSql : Migration
{
    protected override void Up(MigrationBuilder b) => b.Sql("UPDATE estoques SET unidade = lower(unidade)");

    protected override void Down(MigrationBuilder b) => b.Sql("SELECT 1");
}
