using VidaPlus.Data.Schema;
using Xunit.Sdk;

namespace VidaPlus.Data.Tests.Infrastructure;

internal static class SchemaAssert
{
    /// <summary>Fails with one line per differing object: what is missing from the database and what is unexpected.</summary>
    public static void Equal(IEnumerable<string> expected, DatabaseSchema actual, string because)
    {
        var expectedLines = expected.ToHashSet(StringComparer.Ordinal);
        var actualLines = actual.ToLines();
        var missing = expectedLines.Except(actualLines, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(l => $"  missing:    {l}");
        var unexpected = actualLines.Except(expectedLines, StringComparer.Ordinal)
            .Select(l => $"  unexpected: {l}");
        var differences = missing.Concat(unexpected).ToList();
        if (differences.Count > 0)
        {
            throw new XunitException(
                $"Schema {because} differs from the expected one in {differences.Count} line(s):\n{string.Join('\n', differences)}");
        }
    }
}
