using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// Another build of VidaPlus, as a test makes one: a context of its own type, whose migrations are found by their
/// <c>[DbContext]</c>, on the same model and provider setup. Its model is ours; the migrations it adds are not in it,
/// which EF Core would otherwise refuse to apply.
/// </summary>
internal static class TestBuilds
{
    public static DbContextOptions<VidaPlusDbContext> Options(string? connectionString)
    {
        var options = new DbContextOptionsBuilder<VidaPlusDbContext>();
        options.UseVidaPlusPostgres(connectionString).ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return options.Options;
    }

    /// <summary>VidaPlus as a build whose model <typeparamref name="TModel"/> changes maps it: the same context type, so the
    /// same migrations and snapshot (no connection is made until one is used).</summary>
    public static VidaPlusDbContext WithModel<TModel>(string connectionString = "Host=localhost;Database=none")
        where TModel : class, IModelCustomizer
    {
        var builder = new DbContextOptionsBuilder<VidaPlusDbContext>();
        builder.UseVidaPlusPostgres(connectionString).ReplaceService<IModelCustomizer, TModel>();
        return new VidaPlusDbContext(builder.Options);
    }
}
