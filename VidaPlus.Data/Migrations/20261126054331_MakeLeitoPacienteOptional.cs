using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VidaPlus.Data.Migrations
{
    /// <inheritdoc />
    // Its Down makes paciente_id required again with a plain SET NOT NULL, a scan of leitos under ACCESS EXCLUSIVE. It
    // cannot be rewritten online (its checksum covers its operations); leitos holds a row per bed, a few hundred.
    [VidaPlus.Data.Safety.AcceptsRisk("VP004", "Down only: leitos holds a row per bed, a few hundred, so the scan is brief.", Table = "leitos")]
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
