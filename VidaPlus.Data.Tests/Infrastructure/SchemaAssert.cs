using VidaPlus.Data.Schema;
using Xunit.Sdk;

namespace VidaPlus.Data.Tests.Infrastructure;

internal static class SchemaAssert
{
    /// <summary>Against a specification written as lines: names each line missing from the database and each unexpected one.</summary>
    public static void Equal(IEnumerable<string> expected, DatabaseSchema actual, string because)
    {
        var expectedLines = expected.ToHashSet(StringComparer.Ordinal);
        var actualLines = actual.ToLines();
        Fail(because, [
            .. expectedLines.Except(actualLines, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(l => $"missing:    {l}"),
            .. actualLines.Except(expectedLines, StringComparer.Ordinal).Select(l => $"unexpected: {l}"),
        ]);
    }

    /// <summary>Against another schema: one line per differing object, from <see cref="SchemaComparer"/>.</summary>
    public static void Equal(DatabaseSchema expected, DatabaseSchema actual, string because) =>
        Fail(because, [.. SchemaComparer.Compare(expected, actual).Select(d => d.ToString())]);

    private static void Fail(string because, IReadOnlyList<string> differences)
    {
        if (differences.Count > 0)
        {
            throw new XunitException(
                $"Schema {because} differs from the expected one in {differences.Count} place(s):\n  {string.Join("\n  ", differences)}");
        }
    }
}
