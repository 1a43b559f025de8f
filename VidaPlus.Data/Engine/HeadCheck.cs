using System.Security.Cryptography;
using System.Text;
using Npgsql;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Engine;

/// <summary>
/// The common case, cheaply: is the database exactly at this build's head, with every migration recorded and
/// unchanged? Anything else (pending, unknown, unrecorded or edited migrations, a missing table) answers null, and the
/// caller takes the full path, which keeps every guarantee. A database that cannot be read fails as it would on the
/// full path: the error is the caller's to report.
/// <para>
/// Answering it means comparing each recorded checksum with the code's, and computing those creates every migration
/// (EF Core loaded, cost growing with their number). So the paths that may write (startup migration, <c>db upgrade</c>)
/// remember the answer in <see cref="EngineTables.VerifiedBuilds"/> under this build's module id with a digest of the
/// history and records it was checked against. Every later check (a start, a readiness probe, a read verb) reads the
/// history and that row in one statement, compares digests, and needs neither EF Core nor the migrations. Any change
/// to the history or the records changes the digest; any change to the code gives a new module id; either sends the
/// next check through the full comparison again. Reads never write: they compare in full until a writer remembers.
/// </para>
/// </summary>
public sealed class HeadCheck(CompiledMigrations compiled)
{
    // A rebuild with any change gives the assembly a new module version id.
    private static readonly Guid Build = typeof(HeadCheck).Assembly.ManifestModule.ModuleVersionId;

    /// <summary>The same, on a connection of its own, before EF Core starts (the verbs' everyday case).</summary>
    public async Task<string?> CleanHeadAsync(string connectionString, bool remember, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await CleanHeadAsync(connection, remember, cancellationToken);
    }

    /// <summary>The head's id when the database is clean at this build's head; null otherwise.</summary>
    /// <param name="connection">Opened here when closed, and closed again after.</param>
    /// <param name="remember">Record a full comparison's success for the next check: only on paths that may write.</param>
    public async Task<string?> CleanHeadAsync(NpgsqlConnection connection, bool remember, CancellationToken cancellationToken)
    {
        try
        {
            await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
            var (rows, verified) = await ReadAsync(connection, cancellationToken);
            if (rows.Count == 0)
            {
                return null;
            }
            var digest = Digest(rows);
            if (verified == digest)
            {
                return rows[^1].Id;
            }
            if (!rows.SequenceEqual(compiled.All.Select(m => (m.Id, (string?)compiled.Checksum(m.Id)))))
            {
                return null;
            }
            if (remember)
            {
                await RememberAsync(connection, rows[^1].Id, digest, cancellationToken);
            }
            return rows[^1].Id;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No history or no records yet: not clean at head, and the full path says what it is.
            return null;
        }
    }

    private const string History = $"""
        FROM "{EngineTables.History}" h LEFT JOIN {EngineTables.Records} r ON r.migration_id = h."MigrationId"
        """;

    private const string Order = """ORDER BY h."MigrationId" COLLATE "C" """;

    // The history with each migration's recorded checksum, and this build's remembered digest on every row: one plain
    // statement (the build id is a literal GUID), the least a check can ask of the database.
    private static readonly string WithVerification = $"""
        SELECT h."MigrationId", r.checksum, v.digest {History}
        LEFT JOIN {EngineTables.VerifiedBuilds} v ON v.build = '{Build}' {Order}
        """;

    private const string HistoryOnly = $"""SELECT h."MigrationId", r.checksum {History} {Order}""";

    private static async Task<(List<(string Id, string? Checksum)> Rows, string? Verified)> ReadAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await QueryAsync(connection, WithVerification, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable
            && e.MessageText.Contains(EngineTables.VerifiedBuilds, StringComparison.Ordinal))
        {
            // No build was remembered on this database yet: the history alone.
            return await QueryAsync(connection, HistoryOnly, cancellationToken);
        }
    }

    private static async Task<(List<(string Id, string? Checksum)> Rows, string? Verified)> QueryAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string Id, string? Checksum)>();
        string? verified = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1).Trim()));
            verified = reader.FieldCount > 2 && !reader.IsDBNull(2) ? reader.GetString(2) : null;
        }
        return (rows, verified);
    }

    internal static string Digest(IEnumerable<(string Id, string? Checksum)> rows) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', rows.Select(r => $"{r.Id}={r.Checksum ?? "-"}")))));

    // Written only where it may be: not on a standby, not by a role that may neither create the table nor write it (a
    // serving role granted with `db grant`), which then simply compares in full again. Asked first, so the server logs
    // no error; a replica creating the table at the same moment as another is caught there too.
    private static async Task RememberAsync(NpgsqlConnection connection, string head, string digest, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            DO $$
            BEGIN
                IF pg_is_in_recovery() THEN
                    RETURN;
                END IF;
                IF to_regclass('{EngineTables.VerifiedBuilds}') IS NULL THEN
                    IF NOT has_schema_privilege(current_schema(), 'CREATE') THEN
                        RETURN;
                    END IF;
                    CREATE TABLE IF NOT EXISTS {EngineTables.VerifiedBuilds} (
                        build uuid PRIMARY KEY,
                        head character varying(150) NOT NULL,
                        digest character(64) NOT NULL,
                        verified_at timestamp with time zone NOT NULL DEFAULT now());
                ELSIF NOT (has_table_privilege('{EngineTables.VerifiedBuilds}', 'INSERT') AND has_table_privilege('{EngineTables.VerifiedBuilds}', 'UPDATE')) THEN
                    RETURN;
                END IF;
                INSERT INTO {EngineTables.VerifiedBuilds} (build, head, digest) VALUES ('{Build}', {SqlText.Literal(head)}, '{digest}')
                ON CONFLICT (build) DO UPDATE SET head = excluded.head, digest = excluded.digest, verified_at = now();
            -- Replicas starting at once race to create the table: the loser's IF NOT EXISTS fails with either error (seen:
            -- 42P07 with 8 replicas), and remembering is only a shortcut for the next check.
            EXCEPTION WHEN unique_violation OR duplicate_table THEN
                NULL;
            END $$
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
