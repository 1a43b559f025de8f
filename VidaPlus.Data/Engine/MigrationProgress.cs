namespace VidaPlus.Data.Engine;

/// <summary>
/// What a migration run is doing right now, in words for a readiness probe: waiting for the migration lock (and who
/// holds it), or migrating one of several. Null when it is doing neither.
/// </summary>
public sealed class MigrationProgress
{
    private volatile string? _activity;

    public string? Activity => _activity;

    internal void WaitingForLock(string holder) => _activity = $"waiting for the migration lock held by {holder}";

    internal void Migrating(int number, int count, string id) => _activity = $"migrating {number} of {count} ({id})";

    internal void Done() => _activity = null;
}
