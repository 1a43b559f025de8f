using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using VidaPlus.Data.Integrity;

namespace VidaPlus.Data.Migrating;

/// <summary>
/// The common case at startup, cheaply: one query on one connection, with no EF Core model built, tells whether the
/// database is exactly at this build's head with every migration recorded and unchanged. Anything else (pending,
/// unknown, unrecorded or edited migrations, a missing table, an unreachable database) answers false, and the caller
/// takes the full path through <see cref="MigrationService"/>, which keeps every guarantee.
/// </summary>
public static class HeadCheck
{
    // The migrations compiled into this assembly, oldest first, with their checksums: found once, by reflection.
    private static readonly Lazy<IReadOnlyList<(string Id, string Checksum)>> Compiled = new(() =>
        [.. typeof(VidaPlusDbContext).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(VidaPlusDbContext))
            .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()!.Id, Checksum: MigrationChecksum.Compute((Migration)Activator.CreateInstance(t)!)))
            .OrderBy(m => m.Id, StringComparer.Ordinal)]);

    /// <summary>The newest migration compiled into this build.</summary>
    public static string Head => Compiled.Value.Count > 0 ? Compiled.Value[^1].Id : MigrationService.Base;

    public static async Task<bool> IsCleanAtHeadAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"""
                SELECT h."MigrationId", r.checksum
                FROM "{HistoryRepository.DefaultTableName}" h LEFT JOIN {MigrationRecords.TableName} r ON r.migration_id = h."MigrationId"
                ORDER BY h."MigrationId"
                """, connection);
            var rows = new List<(string Id, string? Checksum)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1).Trim()));
            }
            return rows.SequenceEqual(Compiled.Value.Select(m => ((string Id, string? Checksum))(m.Id, m.Checksum)));
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
