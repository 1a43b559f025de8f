using Npgsql;

namespace VidaPlus.Data.Schema;

/// <summary>Reads a <see cref="DatabaseSchema"/> from pg_catalog.</summary>
internal static class SchemaReader
{
    /// <param name="schema">The schema to read; by default the one the connection's search_path selects
    /// (<c>current_schema()</c>), where the migrations made their tables.</param>
    public static async Task<DatabaseSchema> ReadAsync(
        NpgsqlConnection connection, string? schema = null, CancellationToken cancellationToken = default)
    {
        var enums = await QueryAsync(connection, schema, EnumsSql,
            r => new EnumType(r.GetString(0), r.GetFieldValue<string[]>(1)), cancellationToken);
        var columns = await QueryAsync(connection, schema, ColumnsSql,
            r => (Table: r.GetString(0), Column: new Column(r.GetString(1), r.GetString(2), !r.GetBoolean(3),
                r.IsDBNull(4) || r.GetString(6) == "s" ? null : r.GetString(4), r.GetString(5) switch { "a" => "always", "d" => "by default", _ => null },
                r.GetString(6) == "s" ? r.GetString(4) : null)),
            cancellationToken);
        var constraints = await QueryAsync(connection, schema, ConstraintsSql,
            r => (Table: r.GetString(0), Name: r.GetString(1), Type: r.GetChar(2), Columns: r.GetFieldValue<string[]>(3),
                Principal: r.IsDBNull(4) ? null : r.GetString(4), PrincipalColumns: r.GetFieldValue<string[]>(5),
                OnDelete: r.GetChar(6), Definition: r.GetString(7), Validated: r.GetBoolean(8)),
            cancellationToken);
        var indexes = await QueryAsync(connection, schema, IndexesSql,
            r => (Table: r.GetString(0), Index: new Index(r.GetString(1), r.GetFieldValue<string[]>(3), r.GetBoolean(2),
                r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetBoolean(6))),
            cancellationToken);
        var sequences = await QueryAsync(connection, schema, SequencesSql,
            r => new Sequence(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)), cancellationToken);

        var tables = columns.GroupBy(c => c.Table, StringComparer.Ordinal).Select(table =>
        {
            var own = constraints.Where(c => c.Table == table.Key).ToList();
            var pk = own.FirstOrDefault(c => c.Type == 'p');
            return new Table(
                table.Key,
                [.. table.Select(c => c.Column)],
                pk.Name is null ? null : new PrimaryKey(pk.Name, pk.Columns),
                [.. own.Where(c => c.Type == 'f').Select(c =>
                    new ForeignKey(c.Name, c.Columns, c.Principal!, c.PrincipalColumns, DeleteRule(c.OnDelete), c.Validated))],
                [.. indexes.Where(i => i.Table == table.Key).Select(i => i.Index)],
                [.. own.Where(c => c.Type is not ('p' or 'f')).Select(c => new Constraint(c.Name, c.Definition))]);
        }).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

        return new DatabaseSchema(enums, tables) { Sequences = sequences };
    }

    private static string DeleteRule(char code) => code switch
    {
        'a' => "NO ACTION",
        'r' => "RESTRICT",
        'c' => "CASCADE",
        'n' => "SET NULL",
        'd' => "SET DEFAULT",
        _ => $"unknown ({code})",
    };

    private static async Task<List<T>> QueryAsync<T>(
        NpgsqlConnection connection, string? schema, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql.Replace("@schema", "coalesce(@schema, current_schema())", StringComparison.Ordinal), connection);
        command.Parameters.Add(new NpgsqlParameter<string?>("schema", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = schema });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    private const string EnumsSql = """
        SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE n.nspname = @schema
        GROUP BY t.typname
        ORDER BY t.typname
        """;

    private const string ColumnsSql = """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum
        """;

    private const string ConstraintsSql = """
        SELECT c.relname, con.conname, con.contype,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
               f.relname,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
               con.confdeltype, pg_get_constraintdef(con.oid), con.convalidated
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_class f ON f.oid = con.confrelid
        WHERE n.nspname = @schema AND con.contype IN ('p', 'f', 'u', 'c', 'x')
        ORDER BY c.relname, con.conname
        """;

    // Identity columns' sequences belong to the column (deptype 'i') and are left out; a serial column's sequence is
    // its own object, owned by the column (deptype 'a').
    private const string SequencesSql = """
        SELECT s.relname, t.relname || '.' || a.attname
        FROM pg_class s
        JOIN pg_namespace n ON n.oid = s.relnamespace
        LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
            AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
        LEFT JOIN pg_class t ON t.oid = d.refobjid
        LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE n.nspname = @schema AND s.relkind = 'S'
          AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass AND i.objid = s.oid AND i.deptype = 'i')
        ORDER BY s.relname
        """;

    // Indexes that back a constraint (primary key, unique constraint) are described by the constraint.
    // Key columns are plain names (unquoted, as the model names them); expression keys are their SQL.
    private const string IndexesSql = """
        SELECT t.relname, i.relname, ix.indisunique,
               ARRAY(SELECT COALESCE(a.attname::text, pg_get_indexdef(ix.indexrelid, k.n, true))
                     FROM generate_series(1, ix.indnkeyatts) k(n)
                     LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.n - 1]
                     ORDER BY k.n),
               am.amname, pg_get_expr(ix.indpred, ix.indrelid), ix.indisvalid
        FROM pg_index ix
        JOIN pg_class i ON i.oid = ix.indexrelid
        JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_am am ON am.oid = i.relam
        WHERE n.nspname = @schema
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
        ORDER BY t.relname, i.relname
        """;
}
