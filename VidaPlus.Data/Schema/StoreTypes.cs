using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace VidaPlus.Data.Schema;

/// <summary>
/// Spells a store type the way PostgreSQL's <c>format_type</c> prints it, so a model that says <c>varchar(20)</c>
/// or <c>timestamptz</c> compares equal to the column the database reports.
/// </summary>
internal static partial class StoreTypes
{
    /// <summary>A column's default as SQL, as the provider writes it in the column's definition; null for none.</summary>
    public static string? DefaultSql(ColumnOperation column, IRelationalTypeMappingSource types) =>
        column.DefaultValueSql ?? (column.DefaultValue is { } value ? types.FindMapping(value.GetType(), column.ColumnType)?.GenerateSqlLiteral(value) : null);

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["int"] = "integer",
        ["int4"] = "integer",
        ["int2"] = "smallint",
        ["int8"] = "bigint",
        ["bool"] = "boolean",
        ["float4"] = "real",
        ["float8"] = "double precision",
        ["varchar"] = "character varying",
        ["char"] = "character",
        ["bpchar"] = "character",
        ["decimal"] = "numeric",
        ["timestamptz"] = "timestamp with time zone",
        ["timestamp"] = "timestamp without time zone",
        ["timetz"] = "time with time zone",
        ["time"] = "time without time zone",
    };

    public static string Normalize(string storeType)
    {
        var match = TypeWithModifier().Match(storeType.Trim());
        var name = match.Groups["name"].Value;
        var modifier = match.Groups["modifier"].Value;
        var arrays = match.Groups["arrays"].Value;
        if (!Aliases.TryGetValue(name, out var canonical))
        {
            return storeType.Trim();
        }
        // format_type puts the precision of time types before "with/without time zone".
        if (modifier.Length > 0 && canonical.Contains(" time zone", StringComparison.Ordinal))
        {
            var space = canonical.IndexOf(' ', StringComparison.Ordinal);
            return $"{canonical[..space]}{modifier}{canonical[space..]}{arrays}";
        }
        return $"{canonical}{modifier}{arrays}";
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_]+)(?<modifier>\([0-9, ]+\))?(?<arrays>(\[\])*)$")]
    private static partial Regex TypeWithModifier();

    // Every PostgreSQL row has these; a model may map one (xmin as a row version), but no migration makes them.
    private static readonly HashSet<string> SystemColumns = ["xmin", "xmax", "cmin", "cmax", "ctid", "tableoid"];

    /// <summary>A column every PostgreSQL table has without being asked (xmin, ctid...).</summary>
    public static bool IsSystemColumn(string name) => SystemColumns.Contains(name);
}
