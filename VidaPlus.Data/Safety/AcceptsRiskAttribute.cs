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
}
