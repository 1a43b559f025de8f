using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VidaPlus.Data.Migrations
{
    /// <inheritdoc />
    public partial class MakeLeitoPacienteOptional : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "paciente_id",
                table: "leitos",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Hand-edited: EF generated defaultValue: 0, which would point every free bed at a patient 0 that does not
            // exist and leave a DEFAULT behind. Going down only sets NOT NULL again, so it fails, and its transaction
            // rolls back, while any bed has no patient: decide those beds' fate by hand first.
            migrationBuilder.AlterColumn<int>(
                name: "paciente_id",
                table: "leitos",
                type: "integer",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }
    }
}
