using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Roles;

/// <summary>
/// The role the API serves as (DATABASE_URL's) when another one migrates (MIGRATION_DATABASE_URL's): what it must be
/// granted, and nothing more. Reads and writes of the schema's rows, reads of the engine's tables (readiness and the
/// head check read the history) but writes of the one where serving processes record their builds, its sequences for inserts, and the same on whatever the migrating role creates from
/// now on (ALTER DEFAULT PRIVILEGES): never CREATE, never ownership, so it cannot change the schema.
/// </summary>
internal static class ServingRole
{
    private const string Dml = "SELECT, INSERT, UPDATE, DELETE";

    /// <summary>The grants, idempotent, for the role that migrates to run (its future tables are the ones the
    /// default privileges cover). Engine tables that do not exist yet are skipped.</summary>
    public static IReadOnlyList<string> GrantStatements(string role)
    {
        var quoted = SqlText.Quote(role);
        return
        [
            $"DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), {SqlText.Literal(role)}); END $$",
            $"GRANT USAGE ON SCHEMA public TO {quoted}",
            $"GRANT {Dml} ON ALL TABLES IN SCHEMA public TO {quoted}",
            // The engine's tables: read, never written by the serving role (but for the record of the builds serving).
            $"""
            DO $$
            DECLARE
                engine_table text;
            BEGIN
                FOREACH engine_table IN ARRAY ARRAY[{string.Join(", ", EngineTables.ReadOnlyForServing.Select(SqlText.Literal))}] LOOP
                    IF to_regclass(quote_ident(engine_table)) IS NOT NULL THEN
                        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I FROM %I', engine_table, {SqlText.Literal(role)});
                    END IF;
                END LOOP;
            END $$
            """,
            $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {Dml} ON TABLES TO {quoted}",
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
        ];
    }

    /// <summary>Grants <paramref name="role"/> what it needs, in one transaction, after checking that it may be a serving
    /// role: it exists, it is not the role running this, and it is no superuser.</summary>
    /// <exception cref="MigrationStateException">The role cannot be a serving role; nothing was granted.</exception>
    public static async Task GrantAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
        await using (var check = new NpgsqlCommand("SELECT r.rolsuper, r.rolname = current_user FROM pg_roles r WHERE r.rolname = @role", connection))
        {
            check.Parameters.AddWithValue("role", role);
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new MigrationStateException(
                    $"Role {role} does not exist: create it first (CREATE ROLE {SqlText.Quote(role)} LOGIN PASSWORD '...'), then grant it.");
            }
            if (reader.GetBoolean(1))
            {
                throw new MigrationStateException(
                    $"Role {role} is the role running this, the one that migrates: the serving role must be another, which cannot change the schema.");
            }
            if (reader.GetBoolean(0))
            {
                throw new MigrationStateException($"Role {role} is a superuser: it can change the schema whatever it is granted; serve as a role that is not.");
            }
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in GrantStatements(role))
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The rights the schema needs that <paramref name="role"/> lacks, each as "PRIVILEGE on OBJECT"; empty when
    /// it has them all.</summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT missing FROM (
                SELECT 'CONNECT on database ' || current_database() AS missing WHERE NOT has_database_privilege(@role, current_database(), 'CONNECT')
                UNION ALL SELECT 'USAGE on schema public' WHERE NOT has_schema_privilege(@role, 'public', 'USAGE')
                UNION ALL
                SELECT p.privilege || ' on ' || c.relname
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN unnest(CASE WHEN c.relkind = 'S' THEN ARRAY['USAGE']
                    WHEN c.relname = ANY(@engine) THEN ARRAY['SELECT'] ELSE ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] END) AS p(privilege)
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S')
                  AND NOT CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(@role, c.oid, p.privilege)
                      ELSE has_table_privilege(@role, c.oid, p.privilege) END
            ) AS needed ORDER BY missing
            """, connection);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("engine", EngineTables.ReadOnlyForServing.ToArray());
        var missing = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            missing.Add(reader.GetString(0));
        }
        return missing;
    }

    /// <summary>Why the role <paramref name="connection"/> signs in as could change the schema: it is a superuser, owns
    /// tables of the schema, or may create in it. Null when it can do none of these.</summary>
    public static async Task<string?> SchemaPowersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT concat_ws(', ',
                CASE WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN 'is a superuser' END,
                CASE WHEN EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) THEN 'owns the tables' END,
                CASE WHEN has_schema_privilege('public', 'CREATE') THEN 'may create in schema public' END)
            """, connection);
        var powers = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        return powers.Length == 0 ? null : powers;
    }
}
