namespace VidaPlus.Data.Engine;

public enum MigrationDirection
{
    Up,
    Down,
}

/// <summary>One step of a run: apply or revert one migration, each in its own transaction.</summary>
/// <param name="EfTarget">What EF Core's migrator is asked to reach: the migration itself going up, the applied
/// migration before it (or "0") going down.</param>
internal sealed record PlannedStep(string Migration, MigrationDirection Direction, string EfTarget)
{
    public static PlannedStep Apply(string id) => new(id, MigrationDirection.Up, id);

    public static PlannedStep Revert(string id, string previous) => new(id, MigrationDirection.Down, Revision.ToEf(previous));

    /// <summary>Where the database is once this step has committed.</summary>
    public string After => Direction == MigrationDirection.Up ? Migration : Revision.IsBase(EfTarget) ? Revision.Base : EfTarget;
}

/// <summary>One migration applied or reverted, with its time.</summary>
public sealed record MigrationStep(string Id, TimeSpan Duration);

/// <summary>What an upgrade or downgrade did: from which revision to which, step by step.</summary>
public sealed record MigrationRun(string From, string To, IReadOnlyList<MigrationStep> Steps)
{
    /// <summary>The contract the run stopped before, since a build without it still serves; null when none.</summary>
    public Deploys.HeldContract? Held { get; init; }
}
