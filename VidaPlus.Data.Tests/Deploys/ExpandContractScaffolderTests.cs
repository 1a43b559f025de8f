using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using VidaPlus.Data.Deploys;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Deploys;

/// <summary>What `dotnet ef migrations add` writes for a column renamed in the model: an expand migration and a contract
/// migration marked as such, through the same design-time services.</summary>
public sealed class ExpandContractScaffolderTests
{
    [Fact]
    public void ARenamedColumn_IsWrittenAsAnExpandMigration_AndAContractMigrationMarkedAsSuch()
    {
        using var context = TestBuilds.WithModel<RenamedUnidadeModel>();

        var (expand, files) = Scaffold(context, "RenameUnidade");

        var contract = $"{long.Parse(expand[..14], System.Globalization.CultureInfo.InvariantCulture) + 1}_RenameUnidadeContract";
        Assert.Matches(@"^\d{14}_RenameUnidade$", expand);
        Assert.Equal([$"{expand}", $"{expand}.Designer", $"{contract}", $"{contract}.Designer"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Generated("RenameUnidade", "", """
                        migrationBuilder.AddColumn<string>(
                            name: "unidade_medida",
                            table: "estoques",
                            type: "character varying(50)",
                            maxLength: 50,
                            nullable: false)
                            .Annotation("VidaPlus:ExpandFrom", "unidade");
            """, """
                        migrationBuilder.DropColumn(
                            name: "unidade_medida",
                            table: "estoques")
                            .Annotation("VidaPlus:ContractTo", "unidade");
            """), files[expand]);
        Assert.Equal(Generated("RenameUnidadeContract", $"[Contract(\"{expand}\")]", """
                        migrationBuilder.DropColumn(
                            name: "unidade",
                            table: "estoques")
                            .Annotation("VidaPlus:ContractTo", "unidade_medida");
            """, """
                        migrationBuilder.AddColumn<string>(
                            name: "unidade",
                            table: "estoques",
                            type: "character varying(50)",
                            maxLength: 50,
                            nullable: false)
                            .Annotation("VidaPlus:ExpandFrom", "unidade_medida");
            """), files[contract]);
        Assert.Contains($"[Migration(\"{contract}\")]", files[contract + ".Designer"], StringComparison.Ordinal);
    }

    [Fact]
    public void AnIntegerWidened_IsWrittenAsANewColumnBeside_ThenSwappedIn()
    {
        using var context = TestBuilds.WithModel<WidenedQuantidadeModel>();
        var (expand, files) = Scaffold(context, "WidenQuantidade");
        var contract = files.Single(f => f.Key.EndsWith("Contract", StringComparison.Ordinal)).Value;

        Assert.Equal(Generated("WidenQuantidade", "", """
                        migrationBuilder.AddColumn<long>(
                            name: "quantidade_vp_new",
                            table: "estoques",
                            type: "bigint",
                            nullable: false)
                            .Annotation("VidaPlus:ExpandFrom", "quantidade");
            """, """
                        migrationBuilder.DropColumn(
                            name: "quantidade_vp_new",
                            table: "estoques")
                            .Annotation("VidaPlus:ContractTo", "quantidade");
            """), files[expand]);
        Assert.Equal(Generated("WidenQuantidadeContract", $"[Contract(\"{expand}\")]", """
                        migrationBuilder.DropColumn(
                            name: "quantidade",
                            table: "estoques")
                            .Annotation("VidaPlus:ContractTo", "quantidade_vp_new")
                            .Annotation("VidaPlus:TakesName", true);
            """, """
                        migrationBuilder.RenameColumn(
                            name: "quantidade",
                            table: "estoques",
                            newName: "quantidade_vp_new");

                        migrationBuilder.AddColumn<int>(
                            name: "quantidade",
                            table: "estoques",
                            type: "integer",
                            nullable: false)
                            .Annotation("VidaPlus:ExpandFrom", "quantidade_vp_new");
            """), contract);
    }

    [Fact]
    public void AColumnAForeignKeyUses_IsRenamedAsEfCoreWritesIt_NotExpanded()
    {
        using var context = TestBuilds.WithModel<RenamedForeignKeyModel>();

        var (up, _, _) = TestDesignTime.Migration(context);

        Assert.Contains(up, o => o is RenameColumnOperation { Table: "leitos", Name: "paciente_id", NewName: "paciente_usuario_id" });
        Assert.DoesNotContain(up, o => ExpandContract.IsExpand(o) || ExpandContract.IsContract(o));
    }

    [Fact]
    public void ExpandColumnAndContractColumn_ByHand_AreTheOperationsTheScaffolderWrites()
    {
        var builder = new MigrationBuilder("Npgsql.EntityFrameworkCore.PostgreSQL");
        builder.ExpandColumn("estoques", "unidade", "unidade_medida", "character varying(50)", toNew: "upper({old})", defaultValueSql: "'caixa'");
        builder.ContractColumn("estoques", "unidade", "unidade_medida", defaultValueSql: "'caixa'");

        var (added, dropped) = ((AddColumnOperation)builder.Operations[0], (DropColumnOperation)builder.Operations[1]);
        Assert.Equal(("unidade_medida", "character varying(50)", false, "'caixa'"), (added.Name, added.ColumnType, added.IsNullable, added.DefaultValueSql));
        Assert.Equal(["VidaPlus:ExpandFrom=unidade", "VidaPlus:ToNew=upper({old})"], added.GetAnnotations().Select(a => $"{a.Name}={a.Value}"));
        Assert.Equal(["VidaPlus:ContractTo=unidade_medida", "VidaPlus:KeptDefault='caixa'"], dropped.GetAnnotations().Select(a => $"{a.Name}={a.Value}"));
        var error = Assert.Throws<ArgumentException>(() => builder.ExpandColumn("estoques", "quantidade", "quantidade_grande", "bigint", toNew: "0"));
        Assert.StartsWith("The conversion '0' does not read the value it converts: write it over {old}.", error.Message, StringComparison.Ordinal);
    }

    // What `dotnet ef migrations add NAME` writes for the model of `context`: the expand's id, and each file written beside
    // it (the migrations and their Designer files, by name without ".cs").
    private static (string ExpandId, IReadOnlyDictionary<string, string> Files) Scaffold(VidaPlusDbContext context, string name)
    {
        var directory = Directory.CreateTempSubdirectory("vidaplus-scaffold-");
        try
        {
#pragma warning disable EF1001 // The builder `dotnet ef` itself uses: the provider's design-time services, then the project's.
            var services = new DesignTimeServicesBuilder(typeof(VidaPlusDbContext).Assembly, typeof(VidaPlusDbContext).Assembly,
                new OperationReporter(null), []).Build(context);
#pragma warning restore EF1001
            var scaffolder = services.GetRequiredService<IMigrationsScaffolder>();
            var migration = scaffolder.ScaffoldMigration(name, "VidaPlus.Data", "Migrations");
            scaffolder.Save(directory.FullName, migration, directory.FullName);
            return (migration.MigrationId, directory.GetFiles("*.cs").ToDictionary(f => f.Name[..^3],
                f => File.ReadAllText(f.FullName).TrimStart('\uFEFF').ReplaceLineEndings("\n")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // EF Core's migration file around Up's and Down's operations (as raw strings indented by 4 beyond the class's).
    private static string Generated(string name, string attribute, string up, string down) => Regex.Replace($$"""
        using Microsoft.EntityFrameworkCore.Migrations;
        {{(attribute.Length > 0 ? "using VidaPlus.Data.Deploys;\n" : "")}}
        #nullable disable

        namespace VidaPlus.Data.Migrations
        {
            /// <inheritdoc />
        {{(attribute.Length > 0 ? $"    {attribute}\n" : "")}}    public partial class {{name}} : Migration
            {
                /// <inheritdoc />
                protected override void Up(MigrationBuilder migrationBuilder)
                {
        {{up}}
                }

                /// <inheritdoc />
                protected override void Down(MigrationBuilder migrationBuilder)
                {
        {{down}}
                }
            }
        }

        """.ReplaceLineEndings("\n"), "\n\n(\\s*public partial)", "\n$1");
}
