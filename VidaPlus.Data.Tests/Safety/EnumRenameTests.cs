using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>
/// A label renamed in the model ([PgName] changed) is what EF Core's differ reports as one label removed and another
/// added, which Npgsql refuses to generate. The design-time differ marks it a rename; it runs as RENAME VALUE, rows and
/// all, and back.
/// </summary>
public sealed class EnumRenameTests
{
    private const string Before = "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO";
    private const string After = "OCUPADO,DISPONIVEL,RESERVADO,EM_MANUTENCAO";

    [Fact]
    [Trait(Category.Name, Category.NoDatabase)]
    public void ALabelReplacedInPlace_IsMarkedARename_WrittenAsRenameValue_AndNotALintProblem()
    {
        var up = Rename(Before, After);
        using var db = OnlineChangesContext.Create();

        Assert.Equal("statusleito:LIVRE>DISPONIVEL", up[OnlineOperations.EnumRenames]);
        Assert.Equal(["ALTER TYPE statusleito RENAME VALUE 'LIVRE' TO 'DISPONIVEL';"], Sql(db, up));
        Assert.DoesNotContain(MigrationLinter.Lint(new Holding(up), "20990101000000_Rename"), f => f.IsProblem);
        // A label removed outright is no rename: it stays EF Core's operation, which Npgsql refuses.
        Assert.Null(Rename(Before, "OCUPADO,RESERVADO,EM_MANUTENCAO")[OnlineOperations.EnumRenames]);
    }

    [Fact]
    public async Task OnRows_TheRenameKeepsEveryRow_AndTheDownRenamesItBack()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, tipo, status) VALUES ('A', 'UTI', 'LIVRE'), ('B', 'UTI', 'OCUPADO'), ('C', 'UTI', 'LIVRE')");
        await using var db = OnlineChangesContext.Create(database.ConnectionString);
        const string byStatus = "SELECT string_agg(numero_leito || '=' || status, ',' ORDER BY numero_leito) FROM leitos";

        await ApplyAsync(db, Rename(Before, After));
        Assert.Equal("A=DISPONIVEL,B=OCUPADO,C=DISPONIVEL", await database.ScalarAsync<string>(byStatus));
        Assert.Equal(After, await database.ScalarAsync<string>(Labels));

        await ApplyAsync(db, Rename(After, Before));
        Assert.Equal("A=LIVRE,B=OCUPADO,C=LIVRE", await database.ScalarAsync<string>(byStatus));
        Assert.Equal(Before, await database.ScalarAsync<string>(Labels));
    }

    private const string Labels =
        "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'statusleito'::regtype";

    // As the differ writes the change of statusleito's labels, then as this project's differ marks it.
    private static AlterDatabaseOperation Rename(string before, string after)
    {
        var operation = new AlterDatabaseOperation();
        operation["Npgsql:Enum:statusleito"] = after;
        operation.OldDatabase["Npgsql:Enum:statusleito"] = before;
        OnlineOperations.Mark([operation], target: null);
        return operation;
    }

    private static IEnumerable<string> Sql(OnlineChangesContext db, MigrationOperation operation) =>
        db.GetService<IMigrationsSqlGenerator>().Generate([operation], db.GetService<IDesignTimeModel>().Model).Select(c => c.CommandText.Trim());

    private static Task ApplyAsync(OnlineChangesContext db, MigrationOperation operation) =>
        db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(
            db.GetService<IMigrationsSqlGenerator>().Generate([operation], db.GetService<IDesignTimeModel>().Model), db.GetService<IRelationalConnection>());

    private sealed class Holding(MigrationOperation operation) : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Operations.Add(operation);
    }
}
