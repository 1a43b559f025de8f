using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using VidaPlus.Data.Enums;

#nullable disable

namespace VidaPlus.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddEstoquesAndLeitos : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:especialidade", "CLINICA_GERAL,DERMATOLOGIA,GINECOLOGIA,ORTOPEDIA,PEDIATRIA,PSIQUIATRIA,PSICOLOGIA,NUTRICAO,FISIOTERAPIA,ODONTOLOGIA")
                .Annotation("Npgsql:Enum:horarioatendimento", "MANHA,TARDE,NOITE,INTEGRAL,PLANTAO_12H,PLANTAO_24H")
                .Annotation("Npgsql:Enum:status", "AGENDADA,REALIZADA,CANCELADA,NAO_COMPARECEU,REAGENDADA,PENDENTE")
                .Annotation("Npgsql:Enum:statusexame", "AGUARDANDO,REALIZADO,CONCLUIDO,CANCELADO")
                .Annotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO")
                .Annotation("Npgsql:Enum:tipoconsulta", "TELECONSULTA,PRESENCIAL")
                .Annotation("Npgsql:Enum:tipoexame", "HEMOGRAMA,RAIO_X,ULTRASSOM,TOMOGRAFIA,RESSONANCIA,ELETROCARDIOGRAMA,GLICEMIA,COLESTEROL")
                .Annotation("Npgsql:Enum:tipoitem", "MEDICAMENTO,INSUMO,EQUIPAMENTO")
                .Annotation("Npgsql:Enum:tipoleito", "UTI,ENFERMARIA,EMERGENCIA,ISOLAMENTO,SEMI_INTENSIVO,PEDIATRICO,NEONATAL,PSIQUIATRICO")
                .Annotation("Npgsql:Enum:tipoprescricao", "MEDICACAO_CONTINUA,MEDICACAO_TEMPORARIA,ANTIBIOTICO,ANALGESICO,RECEITA_ESPECIAL")
                .Annotation("Npgsql:Enum:userrole", "ADMIN,PACIENTE,PROFISSIONAL")
                .OldAnnotation("Npgsql:Enum:especialidade", "CLINICA_GERAL,DERMATOLOGIA,GINECOLOGIA,ORTOPEDIA,PEDIATRIA,PSIQUIATRIA,PSICOLOGIA,NUTRICAO,FISIOTERAPIA,ODONTOLOGIA")
                .OldAnnotation("Npgsql:Enum:horarioatendimento", "MANHA,TARDE,NOITE,INTEGRAL,PLANTAO_12H,PLANTAO_24H")
                .OldAnnotation("Npgsql:Enum:status", "AGENDADA,REALIZADA,CANCELADA,NAO_COMPARECEU,REAGENDADA,PENDENTE")
                .OldAnnotation("Npgsql:Enum:statusexame", "AGUARDANDO,REALIZADO,CONCLUIDO,CANCELADO")
                .OldAnnotation("Npgsql:Enum:tipoconsulta", "TELECONSULTA,PRESENCIAL")
                .OldAnnotation("Npgsql:Enum:tipoexame", "HEMOGRAMA,RAIO_X,ULTRASSOM,TOMOGRAFIA,RESSONANCIA,ELETROCARDIOGRAMA,GLICEMIA,COLESTEROL")
                .OldAnnotation("Npgsql:Enum:tipoprescricao", "MEDICACAO_CONTINUA,MEDICACAO_TEMPORARIA,ANTIBIOTICO,ANALGESICO,RECEITA_ESPECIAL")
                .OldAnnotation("Npgsql:Enum:userrole", "ADMIN,PACIENTE,PROFISSIONAL");

            migrationBuilder.CreateTable(
                name: "estoques",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tipo_item = table.Column<TipoItem>(type: "tipoitem", nullable: false),
                    nome = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    quantidade = table.Column<int>(type: "integer", nullable: false),
                    unidade = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    data_validade = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_estoques", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "leitos",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    numero_leito = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    paciente_id = table.Column<int>(type: "integer", nullable: false),
                    tipo = table.Column<TipoLeito>(type: "tipoleito", nullable: false),
                    status = table.Column<StatusLeito>(type: "statusleito", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leitos", x => x.id);
                    table.ForeignKey(
                        name: "fk_leitos_paciente_users_paciente_id",
                        column: x => x.paciente_id,
                        principalTable: "paciente_users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "ix_leitos_paciente_id",
                table: "leitos",
                column: "paciente_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "estoques");

            migrationBuilder.DropTable(
                name: "leitos");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:especialidade", "CLINICA_GERAL,DERMATOLOGIA,GINECOLOGIA,ORTOPEDIA,PEDIATRIA,PSIQUIATRIA,PSICOLOGIA,NUTRICAO,FISIOTERAPIA,ODONTOLOGIA")
                .Annotation("Npgsql:Enum:horarioatendimento", "MANHA,TARDE,NOITE,INTEGRAL,PLANTAO_12H,PLANTAO_24H")
                .Annotation("Npgsql:Enum:status", "AGENDADA,REALIZADA,CANCELADA,NAO_COMPARECEU,REAGENDADA,PENDENTE")
                .Annotation("Npgsql:Enum:statusexame", "AGUARDANDO,REALIZADO,CONCLUIDO,CANCELADO")
                .Annotation("Npgsql:Enum:tipoconsulta", "TELECONSULTA,PRESENCIAL")
                .Annotation("Npgsql:Enum:tipoexame", "HEMOGRAMA,RAIO_X,ULTRASSOM,TOMOGRAFIA,RESSONANCIA,ELETROCARDIOGRAMA,GLICEMIA,COLESTEROL")
                .Annotation("Npgsql:Enum:tipoprescricao", "MEDICACAO_CONTINUA,MEDICACAO_TEMPORARIA,ANTIBIOTICO,ANALGESICO,RECEITA_ESPECIAL")
                .Annotation("Npgsql:Enum:userrole", "ADMIN,PACIENTE,PROFISSIONAL")
                .OldAnnotation("Npgsql:Enum:especialidade", "CLINICA_GERAL,DERMATOLOGIA,GINECOLOGIA,ORTOPEDIA,PEDIATRIA,PSIQUIATRIA,PSICOLOGIA,NUTRICAO,FISIOTERAPIA,ODONTOLOGIA")
                .OldAnnotation("Npgsql:Enum:horarioatendimento", "MANHA,TARDE,NOITE,INTEGRAL,PLANTAO_12H,PLANTAO_24H")
                .OldAnnotation("Npgsql:Enum:status", "AGENDADA,REALIZADA,CANCELADA,NAO_COMPARECEU,REAGENDADA,PENDENTE")
                .OldAnnotation("Npgsql:Enum:statusexame", "AGUARDANDO,REALIZADO,CONCLUIDO,CANCELADO")
                .OldAnnotation("Npgsql:Enum:statusleito", "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO")
                .OldAnnotation("Npgsql:Enum:tipoconsulta", "TELECONSULTA,PRESENCIAL")
                .OldAnnotation("Npgsql:Enum:tipoexame", "HEMOGRAMA,RAIO_X,ULTRASSOM,TOMOGRAFIA,RESSONANCIA,ELETROCARDIOGRAMA,GLICEMIA,COLESTEROL")
                .OldAnnotation("Npgsql:Enum:tipoitem", "MEDICAMENTO,INSUMO,EQUIPAMENTO")
                .OldAnnotation("Npgsql:Enum:tipoleito", "UTI,ENFERMARIA,EMERGENCIA,ISOLAMENTO,SEMI_INTENSIVO,PEDIATRICO,NEONATAL,PSIQUIATRICO")
                .OldAnnotation("Npgsql:Enum:tipoprescricao", "MEDICACAO_CONTINUA,MEDICACAO_TEMPORARIA,ANTIBIOTICO,ANALGESICO,RECEITA_ESPECIAL")
                .OldAnnotation("Npgsql:Enum:userrole", "ADMIN,PACIENTE,PROFISSIONAL");
        }
    }
}
