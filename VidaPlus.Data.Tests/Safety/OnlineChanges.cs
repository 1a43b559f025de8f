using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>
/// The next release's model as a developer would change it, on tables that already hold rows: a new index, a CHECK,
/// and a column made required. <see cref="Migration"/> is what `dotnet ef migrations add` makes of it, through the
/// same design-time services (the provider's and this project's <see cref="DesignTimeServices"/>).
/// </summary>
internal sealed class OnlineChangesContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static OnlineChangesContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Leito>().HasIndex(l => l.Status);
        modelBuilder.Entity<Estoque>().ToTable("estoques", t => t.HasCheckConstraint("ck_estoques_quantidade", "quantidade >= 0"));
        modelBuilder.Entity<Estoque>().Property(e => e.DataValidade).IsRequired();
    }

    /// <summary>The operations and the C# `dotnet ef migrations add` writes for this model after the current snapshot.</summary>
    public static (IReadOnlyList<MigrationOperation> Operations, string Code) Migration()
    {
        using var context = Create();
#pragma warning disable EF1001 // The builder `dotnet ef` itself uses: the provider's design-time services, then the project's.
        var services = new DesignTimeServicesBuilder(typeof(VidaPlusDbContext).Assembly, typeof(VidaPlusDbContext).Assembly,
            new OperationReporter(null), []).Build(context);
#pragma warning restore EF1001
        var differ = services.GetRequiredService<IMigrationsModelDiffer>();
        var target = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var operations = differ.GetDifferences(TestDatabase.Catalog().SnapshotModel(), target);
        var code = new IndentedStringBuilder();
        services.GetRequiredService<ICSharpMigrationOperationGenerator>().Generate("migrationBuilder", operations, code);
        return (operations, code.ToString());
    }
}
