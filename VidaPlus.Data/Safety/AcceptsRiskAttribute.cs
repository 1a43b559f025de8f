namespace VidaPlus.Data.Safety;

/// <summary>
/// On a migration class: its author accepts one lint rule's risk, and says why. `db lint` lists it as accepted
/// instead of failing, so the decision stays visible in review.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class AcceptsRiskAttribute(string ruleId, string reason) : Attribute
{
    public string RuleId { get; } = ruleId;
    public string Reason { get; } = reason;

    /// <summary>The one table the risk is accepted for (<c>Table = "leitos"</c>); null, every table of the migration.</summary>
    public string? Table { get; init; }

    /// <summary>Whether this accepts <paramref name="ruleId"/> on <paramref name="table"/>.</summary>
    public bool Covers(string ruleId, string? table) =>
        string.Equals(RuleId, ruleId, StringComparison.OrdinalIgnoreCase) && (Table is null || Table == table);
}
