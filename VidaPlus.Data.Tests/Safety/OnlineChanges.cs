using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
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
        var (up, _, code) = TestDesignTime.Migration(context);
        return (up, code);
    }
}
