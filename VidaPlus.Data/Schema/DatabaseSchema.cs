namespace VidaPlus.Data.Schema;

/// <summary>
/// A plain description of a PostgreSQL schema: what the tests assert and what drift checks compare.
/// Every object renders as one canonical line, so two schemas compare as two sets of lines and a mismatch
/// names each differing object.
/// </summary>
internal sealed record DatabaseSchema(
    IReadOnlyList<EnumType> Enums,
    IReadOnlyList<Table> Tables)
{
    /// <summary>Sequences of their own or owned by a serial column; identity columns' sequences are the column's.</summary>
    public IReadOnlyList<Sequence> Sequences { get; init; } = [];

    public Table? FindTable(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public DatabaseSchema WithoutTable(string name) =>
        this with { Tables = [.. Tables.Where(t => t.Name != name)], Sequences = [.. Sequences.Where(s => s.OwnedByTable != name)] };

    /// <summary>One line per object, sorted: enum types, then each table and what belongs to it.</summary>
    public IReadOnlyList<string> ToLines() =>
        [.. Enums.Select(e => e.ToString()).Concat(Sequences.Select(s => s.ToString())).Concat(Tables.SelectMany(t => t.ToLines()))
            .Order(StringComparer.Ordinal)];

    public override string ToString() => string.Join('\n', ToLines());
}

internal sealed record EnumType(string Name, IReadOnlyList<string> Labels)
{
    public override string ToString() => $"enum {Name} ({string.Join(", ", Labels)})";
}

internal sealed record Table(
    string Name,
    IReadOnlyList<Column> Columns,
    PrimaryKey? PrimaryKey,
    IReadOnlyList<ForeignKey> ForeignKeys,
    IReadOnlyList<Index> Indexes,
    IReadOnlyList<Constraint> OtherConstraints)
{
    public Column? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);

    public IEnumerable<string> ToLines()
    {
        yield return $"table {Name}";
        foreach (var column in Columns)
        {
            yield return $"column {Name}.{column}";
        }
        if (PrimaryKey is not null)
        {
            yield return $"primary key {Name} {PrimaryKey}";
        }
        foreach (var line in ForeignKeys.Select(f => $"foreign key {Name} {f}")
                     .Concat(Indexes.Select(i => $"index {Name} {i}"))
                     .Concat(OtherConstraints.Select(c => $"constraint {Name} {c}")))
        {
            yield return line;
        }
    }
}

/// <param name="Identity">"always", "by default", or null for a plain column.</param>
/// <param name="Generated">The expression of a stored generated column, or null.</param>
internal sealed record Column(string Name, string StoreType, bool Nullable, string? Default, string? Identity, string? Generated = null)
{
    public override string ToString() =>
        $"{Name} {StoreType} {(Nullable ? "null" : "not null")}" +
        (Default is null ? "" : $" default {Default}") +
        (Identity is null ? "" : $" identity {Identity}") +
        (Generated is null ? "" : $" generated always as ({Generated}) stored");
}

internal sealed record PrimaryKey(string Name, IReadOnlyList<string> Columns)
{
    public override string ToString() => $"{Name} ({string.Join(", ", Columns)})";
}

/// <param name="OnDelete">The delete rule as SQL spells it: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT.</param>
/// <param name="Validated">False for a constraint added NOT VALID and not validated since.</param>
internal sealed record ForeignKey(
    string Name, IReadOnlyList<string> Columns, string PrincipalTable, IReadOnlyList<string> PrincipalColumns, string OnDelete,
    bool Validated = true)
{
    public override string ToString() =>
        $"{Name} ({string.Join(", ", Columns)}) references {PrincipalTable} ({string.Join(", ", PrincipalColumns)}) on delete {OnDelete}" +
        (Validated ? "" : " not valid");
}

/// <param name="Filter">The WHERE of a partial index, or null.</param>
/// <param name="Valid">False for an index whose concurrent build failed or was interrupted: it is not used.</param>
internal sealed record Index(string Name, IReadOnlyList<string> Columns, bool Unique, string Method, string? Filter, bool Valid = true)
{
    public override string ToString() =>
        $"{Name}{(Unique ? " unique" : "")} {Method} ({string.Join(", ", Columns)})" + (Filter is null ? "" : $" where {Filter}") +
        (Valid ? "" : " invalid");
}

/// <param name="OwnedBy">The column (<c>table.column</c>) a serial sequence belongs to, or null.</param>
internal sealed record Sequence(string Name, string? OwnedBy)
{
    public string? OwnedByTable => OwnedBy?.Split('.')[0];

    public override string ToString() => $"sequence {Name}" + (OwnedBy is null ? "" : $" owned by {OwnedBy}");
}

/// <summary>A unique, check or exclusion constraint, by its definition.</summary>
internal sealed record Constraint(string Name, string Definition)
{
    public override string ToString() => $"{Name} {Definition}";
}
