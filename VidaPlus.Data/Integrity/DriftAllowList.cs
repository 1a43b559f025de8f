using System.Text.Json;

namespace VidaPlus.Data.Integrity;

/// <summary>
/// Schema objects a team adds outside the model on purpose, each with a reason, e.g.
/// <c>[{"object": "index leitos.ix_leitos_status_partial", "reason": "reporting query, DBA ticket 42"}]</c>.
/// </summary>
public static class DriftAllowList
{
    public const string DefaultFile = "schema-drift-allow.json";

    private sealed record Entry(string Object, string Reason);

    /// <summary>The given file, else the default one in the current folder, else none.</summary>
    public static IReadOnlyDictionary<string, string>? Read(FileInfo? file)
    {
        var path = file?.FullName ?? (File.Exists(DefaultFile) ? DefaultFile : null);
        if (path is null)
        {
            return null;
        }
        var entries = JsonSerializer.Deserialize<Entry[]>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new FormatException($"{path} holds no list.");
        var invalid = entries.FirstOrDefault(e => string.IsNullOrWhiteSpace(e.Object) || string.IsNullOrWhiteSpace(e.Reason));
        return invalid is null
            ? entries.ToDictionary(e => e.Object, e => e.Reason)
            : throw new FormatException($"{path}: every entry needs an \"object\" and a \"reason\".");
    }
}
