namespace VidaPlus.Api.Endpoints;

/// <summary>Validation errors by field name (as the JSON spells it), for a 400 problem-details response.</summary>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    public void Required<T>(string field, T? value) where T : struct
    {
        if (value is null)
        {
            Add(field, "is required");
        }
    }

    public void Text(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }
        else if (value.Contains('\0', StringComparison.Ordinal))
        {
            Add(field, "must not contain the NUL character (PostgreSQL text cannot hold it)");
        }
        // Counted as PostgreSQL's varchar(n) counts: characters (code points), not UTF-16 units, so an emoji is one.
        else if (value.EnumerateRunes().Count() > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters");
        }
    }

    public bool Any => _errors.Count > 0;

    /// <summary>A request that is well formed but breaks a rule of the resource (400, not 422).</summary>
    public string? Rule { get; private set; }

    public void Reject(string detail) => Rule ??= detail;

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
