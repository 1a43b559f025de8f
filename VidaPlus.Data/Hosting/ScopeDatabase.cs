using VidaPlus.Data.Configuration;
using VidaPlus.Data.Connection;

namespace VidaPlus.Data.Hosting;

/// <summary>
/// Which database a scope's <see cref="VidaPlusDbContext"/> connects to: DATABASE_URL, which serves (and may go
/// through a pooler), unless the scope is the startup migration's, which takes MIGRATION_DATABASE_URL. Chosen before
/// anything in the scope resolves the context.
/// </summary>
internal sealed class ScopeDatabase(VidaPlusSettings settings)
{
    private bool _migrating;

    public DatabaseUrl Url => _migrating ? settings.MigrationDatabase : settings.Database;

    internal void UseMigrationDatabase() => _migrating = true;
}
