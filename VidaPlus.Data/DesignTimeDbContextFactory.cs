using Microsoft.EntityFrameworkCore.Design;
using VidaPlus.Data.Connection;

namespace VidaPlus.Data;

/// <summary>
/// Builds the context for <c>dotnet ef</c> from DATABASE_URL (environment, or <c>.env</c> here or at the
/// repository root). Never fails for a missing or malformed value: <c>migrations add</c>, <c>script</c>,
/// <c>list --no-connect</c> and <c>has-pending-model-changes</c> need no database, and commands that do
/// connect fail then with the reason.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<VidaPlusDbContext>
{
    public VidaPlusDbContext CreateDbContext(string[] args)
    {
        var url = DatabaseUrlSource.TryResolve(out var problem);
        return new VidaPlusDbContext(VidaPlusDbContextOptions.For(url?.ConnectionString, problem));
    }
}
