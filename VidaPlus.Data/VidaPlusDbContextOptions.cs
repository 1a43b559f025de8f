using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data;

/// <summary>The one provider setup shared by the API, the design-time factory and the tests.</summary>
public static class VidaPlusDbContextOptions
{
    /// <summary>The provider's name as EF Core reports it (<c>Database.ProviderName</c>), which migrations may branch on.</summary>
    public const string ProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// Configures Npgsql and the enum mappings.
    /// Without a connection string (DATABASE_URL absent or malformed), everything that needs no database still
    /// works, and the first attempt to connect fails with <paramref name="missingConnection"/>'s message.
    /// </summary>
    public static DbContextOptionsBuilder UseVidaPlusPostgres(
        this DbContextOptionsBuilder builder, string? connectionString, DatabaseUrlException? missingConnection = null)
    {
        if (connectionString is null)
        {
            builder.UseNpgsql(PostgresEnums.MapAll)
                .AddInterceptors(new NoConnectionInterceptor(missingConnection ?? new DatabaseUrlException(
                    "This VidaPlus context was made without a database: it serves the model and the migrations only.", notSet: true)));
        }
        else
        {
            builder.UseNpgsql(connectionString, PostgresEnums.MapAll);
        }
        // Every migration's record is written in its own transaction, every operation marked online is applied online,
        // and a migration of several steps resumes where it stopped, whatever applies it.
        return builder.ReplaceService<IHistoryRepository, RecordingHistoryRepository>()
            .ReplaceService<IMigrationsSqlGenerator, OnlineMigrationsSqlGenerator>()
            .ReplaceService<IMigrationCommandExecutor, ResumingCommandExecutor>()
            .ReplaceService<IMigrator, VidaPlusMigrator>();
    }

    /// <summary>Options for a <see cref="VidaPlusDbContext"/> of its own (outside dependency injection).</summary>
    public static DbContextOptions<VidaPlusDbContext> For(string? connectionString, DatabaseUrlException? missingConnection = null)
    {
        var builder = new DbContextOptionsBuilder<VidaPlusDbContext>();
        builder.UseVidaPlusPostgres(connectionString, missingConnection);
        return builder.Options;
    }

    private sealed class NoConnectionInterceptor(DatabaseUrlException error) : DbConnectionInterceptor
    {
        public override InterceptionResult ConnectionOpening(
            System.Data.Common.DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            throw error;

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
            System.Data.Common.DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
            CancellationToken cancellationToken = default) =>
            throw error;
    }
}
