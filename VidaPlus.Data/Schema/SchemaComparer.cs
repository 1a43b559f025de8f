namespace VidaPlus.Data.Schema;

/// <summary>One way two schemas differ, about one object: "column leitos.paciente_id: nullable: expected no, found yes".</summary>
internal sealed record SchemaDifference(string Object, string Problem)
{
    public override string ToString() => $"{Object}: {Problem}";
}

/// <summary>
/// Compares an expected schema (the model's, or a specification) with an actual one (read from a database), in both
/// directions, and names each differing object.
/// </summary>
internal static class SchemaComparer
{
    public static IReadOnlyList<SchemaDifference> Compare(DatabaseSchema expected, DatabaseSchema actual)
    {
        var differences = new List<SchemaDifference>();
        Match(expected.Enums, actual.Enums, e => e.Name, n => $"enum {n}", differences, (e, a) =>
            Field(differences, $"enum {e.Name}", "labels", string.Join(", ", e.Labels), string.Join(", ", a.Labels)));
        Match(expected.Sequences, actual.Sequences, s => s.Name, n => $"sequence {n}", differences, (e, a) =>
            Field(differences, $"sequence {e.Name}", "owned by", e.OwnedBy ?? "none", a.OwnedBy ?? "none"));
        Match(expected.Tables, actual.Tables, t => t.Name, n => $"table {n}", differences, (e, a) => CompareTables(e, a, differences));
        return differences;
    }

    private static void CompareTables(Table expected, Table actual, List<SchemaDifference> differences)
    {
        var table = expected.Name;
        Match(expected.Columns, actual.Columns, c => c.Name, n => $"column {table}.{n}", differences, (e, a) =>
        {
            var name = $"column {table}.{e.Name}";
            Field(differences, name, "type", e.StoreType, a.StoreType);
            Field(differences, name, "nullable", e.Nullable ? "yes" : "no", a.Nullable ? "yes" : "no");
            Field(differences, name, "default", e.Default ?? "none", a.Default ?? "none");
            Field(differences, name, "identity", e.Identity ?? "none", a.Identity ?? "none");
        });
        Field(differences, $"table {table}", "primary key", expected.PrimaryKey?.ToString() ?? "none", actual.PrimaryKey?.ToString() ?? "none");
        Match(expected.ForeignKeys, actual.ForeignKeys, f => f.Name, n => $"foreign key {table}.{n}", differences,
            (e, a) => Field(differences, $"foreign key {table}.{e.Name}", "definition", e.ToString(), a.ToString()));
        Match(expected.Indexes, actual.Indexes, i => i.Name, n => $"index {table}.{n}", differences,
            (e, a) => Field(differences, $"index {table}.{e.Name}", "definition", e.ToString(), a.ToString()));
        Match(expected.OtherConstraints, actual.OtherConstraints, c => c.Name, n => $"constraint {table}.{n}", differences,
            (e, a) => Field(differences, $"constraint {table}.{e.Name}", "definition", e.Definition, a.Definition));
    }

    // Pairs objects by name: reports those on one side only, and hands each pair to compare.
    private static void Match<T>(
        IEnumerable<T> expected, IEnumerable<T> actual, Func<T, string> name, Func<string, string> label,
        List<SchemaDifference> differences, Action<T, T> compare)
    {
        var actualByName = actual.ToDictionary(name, StringComparer.Ordinal);
        foreach (var e in expected)
        {
            if (actualByName.Remove(name(e), out var a))
            {
                compare(e, a);
            }
            else
            {
                differences.Add(new SchemaDifference(label(name(e)), "missing"));
            }
        }
        differences.AddRange(actualByName.Values.Select(a => new SchemaDifference(label(name(a)), "unexpected")));
    }

    private static void Field(List<SchemaDifference> differences, string objectName, string field, string expected, string actual)
    {
        if (expected != actual)
        {
            differences.Add(new SchemaDifference(objectName, $"{field}: expected {expected}, found {actual}"));
        }
    }
}
