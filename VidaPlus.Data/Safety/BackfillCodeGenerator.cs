using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace VidaPlus.Data.Safety;

/// <summary>EF Core's C# for migration operations, and the call that makes a <see cref="BackfillOperation"/>, as a
/// developer writes it: what `dotnet ef migrations add` writes when the differ fills a column's NULLs.</summary>
internal sealed class BackfillCodeGenerator(CSharpMigrationOperationGeneratorDependencies dependencies) : CSharpMigrationOperationGenerator(dependencies)
{
    protected override void Generate(MigrationOperation operation, IndentedStringBuilder builder)
    {
        if (operation is not BackfillOperation backfill)
        {
            base.Generate(operation, builder);
            return;
        }
        var code = Dependencies.CSharpHelper;
        builder.Append(".Backfill(").Append(code.Literal(backfill.Table)).Append(", ").Append(code.Literal(backfill.Column)).Append(", ")
            .Append(code.Literal(backfill.Value));
        if (backfill.Where is not null)
        {
            builder.Append(", where: ").Append(code.Literal(backfill.Where));
        }
        if (backfill.Schema is not null)
        {
            builder.Append(", schema: ").Append(code.Literal(backfill.Schema));
        }
        builder.Append(")");
    }
}
