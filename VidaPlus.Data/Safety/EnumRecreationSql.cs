using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>
/// The SQL that removes labels from an enum type, which PostgreSQL cannot do in place (EF Core's provider refuses to
/// generate it): refused while any row holds a removed label, naming the table, the column and how many rows; otherwise
/// the type is recreated with its new labels and every column of it rewritten to the new type (which lint names, VP009).
/// The columns are the target model's: what the migration's Designer file says the schema is.
/// </summary>
internal static class EnumRecreationSql
{
    public static IReadOnlyList<string> Statements(string type, IReadOnlyList<string> removed, IReadOnlyList<string> labels, IModel? model)
    {
        if (model is null)
        {
            throw new InvalidOperationException(
                $"Removing {string.Join(", ", removed)} from enum {type} needs the migration's target model (its Designer file) to find the columns of the type.");
        }
        var columns = Columns(model, type);
        var old = SqlText.Quote($"{type}_vidaplus_old");
        var held = string.Join(", ", removed.Select(SqlText.Literal));
        var statements = new List<string>
        {
            RowGuardSql.Refuse(columns.Select(c => (SqlText.Quote(c.Table), $"{SqlText.Quote(c.Column)}::text IN ({held})",
                $"Enum {type} loses {string.Join(", ", removed)}, but {c.Table}.{c.Column} holds it in % row(s): move them to a label that " +
                "stays first (migrationBuilder.Backfill, in an earlier migration), then apply this one again."))),
            $"ALTER TYPE {SqlText.Quote(type)} RENAME TO {old}",
            $"CREATE TYPE {SqlText.Quote(type)} AS ENUM ({string.Join(", ", labels.Select(SqlText.Literal))})",
        };
        foreach (var (table, column, defaultSql) in columns)
        {
            var alter = $"ALTER TABLE {SqlText.Quote(table)} ALTER COLUMN {SqlText.Quote(column)}";
            if (defaultSql is not null)
            {
                statements.Add($"{alter} DROP DEFAULT");
            }
            statements.Add($"{alter} TYPE {SqlText.Quote(type)} USING {SqlText.Quote(column)}::text::{SqlText.Quote(type)}");
            if (defaultSql is not null)
            {
                statements.Add($"{alter} SET DEFAULT {defaultSql}");
            }
        }
        statements.Add($"DROP TYPE {old}");
        return statements;
    }

    /// <summary>The tables and columns of <paramref name="type"/> in <paramref name="model"/>, each once, as each mapping
    /// stores them: a property is asked for its column on each table (a TPT hierarchy's inherited columns live on the
    /// base type's table alone, a TPC one's on every concrete table).</summary>
    public static IReadOnlyList<(string Table, string Column, string? DefaultSql)> Columns(IModel model, string type) =>
        [.. model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .SelectMany(e =>
            {
                var table = StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema());
                return e.GetProperties().Where(p => p.GetColumnName(table) is not null && p.GetColumnType(table) == type)
                    .Select(p => (Table: table.Name, Column: p.GetColumnName(table)!, DefaultSql: DefaultSql(p)));
            })
            .DistinctBy(c => (c.Table, c.Column))];

    // A default the model declares (not the CLR default GetDefaultValue() falls back to), written as SQL or as the enum
    // member whose [PgName] is the label.
    private static string? DefaultSql(IProperty property) =>
        property.GetDefaultValueSql()
        ?? (property.FindAnnotation(RelationalAnnotationNames.DefaultValue)?.Value is Enum value ? SqlText.Literal(PostgresEnums.Label(value)!) : null);
}
