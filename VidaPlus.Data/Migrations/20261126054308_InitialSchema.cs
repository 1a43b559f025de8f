using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using VidaPlus.Data.Enums;

#nullable disable

namespace VidaPlus.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:especialidade", "CLINICA_GERAL,DERMATOLOGIA,GINECOLOGIA,ORTOPEDIA,PEDIATRIA,PSIQUIATRIA,PSICOLOGIA,NUTRICAO,FISIOTERAPIA,ODONTOLOGIA")
                .Annotation("Npgsql:Enum:horarioatendimento", "MANHA,TARDE,NOITE,INTEGRAL,PLANTAO_12H,PLANTAO_24H")
                .Annotation("Npgsql:Enum:status", "AGENDADA,REALIZADA,CANCELADA,NAO_COMPARECEU,REAGENDADA,PENDENTE")
                .Annotation("Npgsql:Enum:statusexame", "AGUARDANDO,REALIZADO,CONCLUIDO,CANCELADO")
                .Annotation("Npgsql:Enum:tipoconsulta", "TELECONSULTA,PRESENCIAL")
                .Annotation("Npgsql:Enum:tipoexame", "HEMOGRAMA,RAIO_X,ULTRASSOM,TOMOGRAFIA,RESSONANCIA,ELETROCARDIOGRAMA,GLICEMIA,COLESTEROL")
                .Annotation("Npgsql:Enum:tipoprescricao", "MEDICACAO_CONTINUA,MEDICACAO_TEMPORARIA,ANTIBIOTICO,ANALGESICO,RECEITA_ESPECIAL")
                .Annotation("Npgsql:Enum:userrole", "ADMIN,PACIENTE,PROFISSIONAL");

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    nome = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    email = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    senha = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    telefone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    tipo = table.Column<UserRole>(type: "userrole", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    is_superuser = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "admin_users",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_admin_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_admin_users_users_id",
                        column: x => x.id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "paciente_users",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    cpf = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    data_nascimento = table.Column<DateOnly>(type: "date", nullable: false),
                    endereco = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    complemento = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    numero = table.Column<int>(type: "integer", nullable: false),
                    bairro = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    cidade = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    estado = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    cep = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_paciente_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_paciente_users_users_id",
                        column: x => x.id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "profissional_users",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    crmCoren = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    especialidade = table.Column<Especialidade>(type: "especialidade", nullable: false),
                    biografia = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    horario_atendimento = table.Column<HorarioAtendimento>(type: "horarioatendimento", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_profissional_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_profissional_users_users_id",
                        column: x => x.id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "prontuarios",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    paciente_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prontuarios", x => x.id);
                    table.ForeignKey(
                        name: "fk_prontuarios_paciente_users_paciente_id",
                        column: x => x.paciente_id,
                        principalTable: "paciente_users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "consultas",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    data = table.Column<DateOnly>(type: "date", nullable: false),
                    hora = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    paciente_id = table.Column<int>(type: "integer", nullable: false),
                    profissional_id = table.Column<int>(type: "integer", nullable: false),
                    prontuario_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<StatusConsulta>(type: "status", nullable: false),
                    tipoConsulta = table.Column<TipoConsulta>(type: "tipoconsulta", nullable: false),
                    link = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    observacao = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultas", x => x.id);
                    table.ForeignKey(
                        name: "fk_consultas_paciente_users_paciente_id",
                        column: x => x.paciente_id,
                        principalTable: "paciente_users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_consultas_profissional_users_profissional_id",
                        column: x => x.profissional_id,
                        principalTable: "profissional_users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_consultas_prontuarios_prontuario_id",
                        column: x => x.prontuario_id,
                        principalTable: "prontuarios",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "exames",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    paciente_id = table.Column<int>(type: "integer", nullable: false),
                    prontuario_id = table.Column<int>(type: "integer", nullable: false),
                    data = table.Column<DateOnly>(type: "date", nullable: false),
                    tipo = table.Column<TipoExame>(type: "tipoexame", nullable: false),
                    resultado = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    observacao = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    status = table.Column<StatusExame>(type: "statusexame", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exames", x => x.id);
                    table.ForeignKey(
                        name: "fk_exames_paciente_users_paciente_id",
                        column: x => x.paciente_id,
                        principalTable: "paciente_users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_exames_prontuarios_prontuario_id",
                        column: x => x.prontuario_id,
                        principalTable: "prontuarios",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "prescricoes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    data = table.Column<DateOnly>(type: "date", nullable: false),
                    paciente_id = table.Column<int>(type: "integer", nullable: false),
                    profissional_id = table.Column<int>(type: "integer", nullable: false),
                    prontuario_id = table.Column<int>(type: "integer", nullable: false),
                    tipo_prescricao = table.Column<TipoPrescricao>(type: "tipoprescricao", nullable: false),
                    medicamentos = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    observacao = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prescricoes", x => x.id);
                    table.ForeignKey(
                        name: "fk_prescricoes_paciente_users_paciente_id",
                        column: x => x.paciente_id,
                        principalTable: "paciente_users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_prescricoes_profissional_users_profissional_id",
                        column: x => x.profissional_id,
                        principalTable: "profissional_users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_prescricoes_prontuarios_prontuario_id",
                        column: x => x.prontuario_id,
                        principalTable: "prontuarios",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "ix_consultas_paciente_id",
                table: "consultas",
                column: "paciente_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultas_profissional_id",
                table: "consultas",
                column: "profissional_id");

            migrationBuilder.CreateIndex(
                name: "ix_consultas_prontuario_id",
                table: "consultas",
                column: "prontuario_id");

            migrationBuilder.CreateIndex(
                name: "ix_exames_paciente_id",
                table: "exames",
                column: "paciente_id");

            migrationBuilder.CreateIndex(
                name: "ix_exames_prontuario_id",
                table: "exames",
                column: "prontuario_id");

            migrationBuilder.CreateIndex(
                name: "ix_paciente_users_cpf",
                table: "paciente_users",
                column: "cpf",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_prescricoes_paciente_id",
                table: "prescricoes",
                column: "paciente_id");

            migrationBuilder.CreateIndex(
                name: "ix_prescricoes_profissional_id",
                table: "prescricoes",
                column: "profissional_id");

            migrationBuilder.CreateIndex(
                name: "ix_prescricoes_prontuario_id",
                table: "prescricoes",
                column: "prontuario_id");

            migrationBuilder.CreateIndex(
                name: "ix_profissional_users_crmCoren",
                table: "profissional_users",
                column: "crmCoren",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_prontuarios_paciente_id",
                table: "prontuarios",
                column: "paciente_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_users");

            migrationBuilder.DropTable(
                name: "consultas");

            migrationBuilder.DropTable(
                name: "exames");

            migrationBuilder.DropTable(
                name: "prescricoes");

            migrationBuilder.DropTable(
                name: "profissional_users");

            migrationBuilder.DropTable(
                name: "prontuarios");

            migrationBuilder.DropTable(
                name: "paciente_users");

            migrationBuilder.DropTable(
                name: "users");

            // Hand-written: EF does not drop the enum types it created in Up (npgsql/efcore.pg#2514).
            // Removing their annotations from the database makes Npgsql emit DROP TYPE for each.
            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:Enum:especialidade", "CLINICA_GERAL,DERMATOLOGIA,GINECOLOGIA,ORTOPEDIA,PEDIATRIA,PSIQUIATRIA,PSICOLOGIA,NUTRICAO,FISIOTERAPIA,ODONTOLOGIA")
                .OldAnnotation("Npgsql:Enum:horarioatendimento", "MANHA,TARDE,NOITE,INTEGRAL,PLANTAO_12H,PLANTAO_24H")
                .OldAnnotation("Npgsql:Enum:status", "AGENDADA,REALIZADA,CANCELADA,NAO_COMPARECEU,REAGENDADA,PENDENTE")
                .OldAnnotation("Npgsql:Enum:statusexame", "AGUARDANDO,REALIZADO,CONCLUIDO,CANCELADO")
                .OldAnnotation("Npgsql:Enum:tipoconsulta", "TELECONSULTA,PRESENCIAL")
                .OldAnnotation("Npgsql:Enum:tipoexame", "HEMOGRAMA,RAIO_X,ULTRASSOM,TOMOGRAFIA,RESSONANCIA,ELETROCARDIOGRAMA,GLICEMIA,COLESTEROL")
                .OldAnnotation("Npgsql:Enum:tipoprescricao", "MEDICACAO_CONTINUA,MEDICACAO_TEMPORARIA,ANTIBIOTICO,ANALGESICO,RECEITA_ESPECIAL")
                .OldAnnotation("Npgsql:Enum:userrole", "ADMIN,PACIENTE,PROFISSIONAL");
        }
    }
}
