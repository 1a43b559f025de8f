namespace VidaPlus.Data.Deploys;

/// <summary>
/// On a migration class: the contract half of a change made in two (expand, then contract). It removes what the older
/// build still reads, so it runs only once no build that lacks it serves (<see cref="ContractGate"/>); until then
/// startup and `db upgrade` stop before it and say which builds hold it back, and the build that has it serves on the
/// expanded schema. `db contract --force` runs it regardless.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ContractAttribute(string expand) : Attribute
{
    /// <summary>The id of the expand migration it completes.</summary>
    public string Expand { get; } = string.IsNullOrWhiteSpace(expand)
        ? throw new ArgumentException("Name the expand migration this contract completes.", nameof(expand))
        : expand;
}
