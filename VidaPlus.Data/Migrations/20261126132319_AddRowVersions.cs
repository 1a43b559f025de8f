using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VidaPlus.Data.Migrations
{
    /// <summary>
    /// Maps PostgreSQL's xmin system column as the row version of leitos and estoques (optimistic concurrency). It
    /// changes no table: Npgsql's SQL generator emits nothing for a system column, and the tests check that the schema
    /// at this revision is the one before it. The operations keep EF Core's snapshot and the model in step.
    /// </summary>
    public partial class AddRowVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "leitos",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "estoques",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "xmin",
                table: "leitos");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "estoques");
        }
    }
}
