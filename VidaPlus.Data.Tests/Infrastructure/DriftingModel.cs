using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// The VidaPlus model plus one column no migration has: a model change made without `migrations add`. Same context
/// type, so the same migrations assembly and snapshot apply; only the model differs.
/// </summary>
internal sealed class DriftingModel(ModelCustomizerDependencies dependencies) : ModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        modelBuilder.Entity<Estoque>().Property<string>("lote").HasMaxLength(20);
    }

    public static DbContextOptions<VidaPlusDbContext> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<VidaPlusDbContext>();
        builder.UseVidaPlusPostgres(connectionString).ReplaceService<IModelCustomizer, DriftingModel>();
        return builder.Options;
    }
}
