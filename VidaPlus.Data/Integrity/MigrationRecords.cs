using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Integrity;

/// <summary>What VidaPlus recorded when it applied a migration.</summary>
/// <param name="AdoptedFrom">For a migration recorded by <c>db adopt</c>, the Alembic revision the database was at.</param>
/// <param name="Compatibility">expand or contract, so that a build without
/// the migration can still tell whether it may run on the schema; null in a record older than that.</param>
/// <param name="CompatibilityReason">The declared reason of an expand, or what makes it a contract.</param>
public sealed record MigrationRecord(
    string Id, string Checksum, DateTime AppliedAt, TimeSpan Duration, string AppVersion, string? AdoptedFrom = null,
    CompatibilityClass? Compatibility = null, string? CompatibilityReason = null);

/// <summary>
/// The side table beside <c>__EFMigrationsHistory</c> (left exactly as EF Core's tools expect) holding each applied
/// migration's checksum, class, when it was applied, how long it took and by which app version. Written with the
/// history row, in the migration's transaction (<see cref="RecordingHistoryRepository"/>); the runner then adds
/// how long it took.
/// </summary>
internal sealed class MigrationRecords(VidaPlusDbContext db)
{
    public const string TableName = "__vidaplus_migrations";

    /// <summary>The version of the app doing the recording.</summary>
    public static string AppVersion { get; } =
        typeof(MigrationRecords).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public async Task<IReadOnlyDictionary<string, MigrationRecord>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var records = new Dictionary<string, MigrationRecord>(StringComparer.Ordinal);
        await using var open = await ConnectionScope.OpenAsync(db.Database, cancellationToken);
        if (!await TableExistsAsync(cancellationToken))
        {
            return records;
        }
        // The later columns through to_jsonb: a table made before they existed has none, and they read as null.
        await using var command = Command(
            $"SELECT migration_id, checksum, applied_at, duration_ms, app_version, to_jsonb(r) ->> 'adopted_from', " +
            $"to_jsonb(r) ->> 'compatibility', to_jsonb(r) ->> 'compatibility_reason' FROM {TableName} r");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            records[id] = new MigrationRecord(
                id, reader.GetString(1), reader.GetDateTime(2), TimeSpan.FromMilliseconds(reader.GetInt64(3)), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), CompatibilityClassNames.Parse(reader.IsDBNull(6) ? null : reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7));
        }
        return records;
    }

    public async Task RecordAsync(
        string id, string checksum, Classification compatibility, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var open = await ConnectionScope.OpenAsync(db.Database, cancellationToken);
        await EngineSql.ExecuteAsync((NpgsqlConnection)db.Database.GetDbConnection(), CreateTableSql + RecordSql(id, checksum, compatibility, duration),
            cancellationToken);
    }

    /// <summary>Creates the table, or adds what a table made by an earlier version lacks.</summary>
    public const string CreateTableSql = $"""
        CREATE TABLE IF NOT EXISTS {TableName} (
            migration_id character varying(150) PRIMARY KEY,
            checksum character(64) NOT NULL,
            applied_at timestamp with time zone NOT NULL DEFAULT now(),
            duration_ms bigint NOT NULL,
            app_version text NOT NULL,
            adopted_from text,
            compatibility text,
            compatibility_reason text);
        ALTER TABLE {TableName} ADD COLUMN IF NOT EXISTS adopted_from text;
        ALTER TABLE {TableName} ADD COLUMN IF NOT EXISTS compatibility text;
        ALTER TABLE {TableName} ADD COLUMN IF NOT EXISTS compatibility_reason text;

        """;

    /// <summary>The SQL that records one migration, as literals, so that it can run inside another transaction or
    /// stand in a script (the values are ids, hex checksums and versions). The table must exist.</summary>
    public static string RecordSql(
        string id, string checksum, Classification compatibility, TimeSpan duration, string? adoptedFrom = null) => $"""
        INSERT INTO {TableName} (migration_id, checksum, duration_ms, app_version, adopted_from, compatibility, compatibility_reason)
        VALUES ({SqlText.Literal(id)}, {SqlText.Literal(checksum)}, {(long)duration.TotalMilliseconds}, {SqlText.Literal(AppVersion)},
            {Nullable(adoptedFrom)}, {SqlText.Literal(compatibility.Class.Name())}, {Nullable(ReasonOf(compatibility))})
        ON CONFLICT (migration_id) DO UPDATE SET checksum = excluded.checksum, applied_at = now(),
            duration_ms = excluded.duration_ms, app_version = excluded.app_version, adopted_from = excluded.adopted_from,
            compatibility = excluded.compatibility, compatibility_reason = excluded.compatibility_reason;
        """;

    private static string ReasonOf(Classification compatibility) =>
        compatibility.Declared ?? string.Join("; ", compatibility.Reasons);

    private static string Nullable(string? text) => string.IsNullOrEmpty(text) ? "NULL" : SqlText.Literal(text);

    /// <summary>How long the migration took, once it has committed (its record committed with it).</summary>
    public async Task SetDurationAsync(string id, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var open = await ConnectionScope.OpenAsync(db.Database, cancellationToken);
        await using var command = Command($"UPDATE {TableName} SET duration_ms = @duration WHERE migration_id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("duration", (long)duration.TotalMilliseconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> TableExistsAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT to_regclass('{TableName}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private NpgsqlCommand Command(string sql) => new(sql, (NpgsqlConnection)db.Database.GetDbConnection());
}
