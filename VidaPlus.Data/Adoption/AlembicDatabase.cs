using Microsoft.EntityFrameworkCore;
using Npgsql;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Adoption;

/// <summary>Recognises a database the Python app's Alembic migrations made: it has <c>alembic_version</c>.</summary>
internal static class AlembicDatabase
{
    /// <summary>The revision in <c>alembic_version</c>, or null when there is no such table (or row).</summary>
    public static async Task<string?> ReadRevisionAsync(VidaPlusDbContext db, CancellationToken cancellationToken = default)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var open = await ConnectionScope.OpenAsync(db.Database, cancellationToken);
        try
        {
            await using var exists = new NpgsqlCommand($"SELECT to_regclass('{AlembicShape.VersionTable}') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
            await using var read = new NpgsqlCommand($"SELECT min(version_num) FROM {AlembicShape.VersionTable}", connection);
            return await read.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Dropped between the two queries: an adoption committed meanwhile.
            return null;
        }
    }

    /// <summary>The one line that says what such a database is and what to do.</summary>
    public static string Explain(string revision) =>
        $"This database was made by the Python app's Alembic migrations (revision {revision}) and has no EF Core history: " +
        (AlembicRevisions.Adoptable.Any(r => r.Id == revision)
            ? "run `db adopt` to bring it under VidaPlus (`db adopt --dry-run` shows what it would change)."
            : $"that revision is not on the app's main line ({string.Join(", ", AlembicRevisions.Adoptable.Select(r => r.Id))}), " +
              "so it cannot be adopted as it is: bring it to one of those with the Python app's Alembic first.");
}
