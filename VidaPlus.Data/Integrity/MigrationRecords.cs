using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace VidaPlus.Data.Integrity;

/// <summary>What VidaPlus recorded when it applied a migration.</summary>
public sealed record MigrationRecord(string Id, string Checksum, DateTime AppliedAt, TimeSpan Duration, string AppVersion);

/// <summary>
/// The side table beside <c>__EFMigrationsHistory</c> (left exactly as EF Core's tools expect) where the VidaPlus
/// paths (API startup, <c>db upgrade</c>, <c>db stamp</c>) record each migration's checksum, when it was applied,
/// how long it took and by which app version.
/// </summary>
public sealed class MigrationRecords(VidaPlusDbContext db)
{
    public const string TableName = "__vidaplus_migrations";

    /// <summary>The version of the app doing the recording.</summary>
    public static string AppVersion { get; } =
        typeof(MigrationRecords).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<IReadOnlyDictionary<string, MigrationRecord>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var records = new Dictionary<string, MigrationRecord>(StringComparer.Ordinal);
        await using var scope = await OpenAsync(cancellationToken);
        if (!await TableExistsAsync(cancellationToken))
        {
            return records;
        }
        await using var command = Command($"SELECT migration_id, checksum, applied_at, duration_ms, app_version FROM {TableName}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            records[id] = new MigrationRecord(
                id, reader.GetString(1), reader.GetDateTime(2), TimeSpan.FromMilliseconds(reader.GetInt64(3)), reader.GetString(4));
        }
        return records;
    }

    public async Task RecordAsync(string id, string checksum, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var scope = await OpenAsync(cancellationToken);
        await using var command = Command($"""
            CREATE TABLE IF NOT EXISTS {TableName} (
                migration_id character varying(150) PRIMARY KEY,
                checksum character(64) NOT NULL,
                applied_at timestamp with time zone NOT NULL DEFAULT now(),
                duration_ms bigint NOT NULL,
                app_version text NOT NULL);
            INSERT INTO {TableName} (migration_id, checksum, duration_ms, app_version) VALUES (@id, @checksum, @duration, @version)
            ON CONFLICT (migration_id) DO UPDATE SET checksum = excluded.checksum, applied_at = now(),
                duration_ms = excluded.duration_ms, app_version = excluded.app_version;
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("checksum", checksum);
        command.Parameters.AddWithValue("duration", (long)duration.TotalMilliseconds);
        command.Parameters.AddWithValue("version", AppVersion);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var scope = await OpenAsync(cancellationToken);
        if (await TableExistsAsync(cancellationToken))
        {
            await using var command = Command($"DELETE FROM {TableName} WHERE migration_id = @id");
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<bool> TableExistsAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT to_regclass('{TableName}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private NpgsqlCommand Command(string sql) => new(sql, (NpgsqlConnection)db.Database.GetDbConnection());

    // Opens the context's connection unless it is already open, and closes it after only if it opened it.
    private async Task<IAsyncDisposable> OpenAsync(CancellationToken cancellationToken)
    {
        var wasOpen = db.Database.GetDbConnection().State == System.Data.ConnectionState.Open;
        if (!wasOpen)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        return new Closer(wasOpen ? null : db);
    }

    private sealed class Closer(VidaPlusDbContext? db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (db is not null)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
