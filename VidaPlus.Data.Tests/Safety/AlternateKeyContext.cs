using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>The next release's model with an alternate key on estoques.nome, a table that already holds rows.</summary>
internal sealed class AlternateKeyContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static AlternateKeyContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Estoque>().HasAlternateKey(e => e.Nome);
    }

    /// <summary>The operations and the C# `dotnet ef migrations add` writes for this model after the current snapshot.</summary>
    public static (IReadOnlyList<MigrationOperation> Operations, string Code) Migration()
    {
        using var context = Create();
        var (up, _, code) = TestDesignTime.Migration(context);
        return (up, code);
    }
}
