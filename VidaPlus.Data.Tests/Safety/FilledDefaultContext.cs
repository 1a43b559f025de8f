using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>The next release's model with estoques.data_validade (nullable, holding NULLs) made required with a default
/// in the model: what EF Core alone fills with one hidden UPDATE.</summary>
internal sealed class FilledDefaultContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static FilledDefaultContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Estoque>().Property(e => e.DataValidade).IsRequired().HasDefaultValue(new DateOnly(2030, 1, 1));
    }

    /// <summary>The operations and the C# `dotnet ef migrations add` writes for this model after the current snapshot.</summary>
    public static (IReadOnlyList<MigrationOperation> Operations, string Code) Migration()
    {
        using var context = Create();
        var (up, _, code) = TestDesignTime.Migration(context);
        return (up, code);
    }
}
