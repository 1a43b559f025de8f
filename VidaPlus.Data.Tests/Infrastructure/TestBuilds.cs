using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
}
