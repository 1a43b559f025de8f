namespace VidaPlus.Data.Engine;

/// <summary>
/// What a migration run is doing right now, in words for a readiness probe: waiting for the migration lock (and who
/// holds it), migrating one of several, or how far a backfill has got. Null when it is doing none of these.
/// </summary>
public sealed class MigrationProgress
{
    private volatile string? _activity;

    public string? Activity => _activity;

    /// <summary>Each report a backfill makes as it goes ("backfilling estoques.categoria: 42.0% (...)"), for a verb to show.</summary>
    public event Action<string>? Backfilled;

    internal void Backfilling(string report)
    {
        _activity = report;
        Backfilled?.Invoke(report);
    }

    internal void WaitingForLock(string holder) => _activity = $"waiting for the migration lock held by {holder}";

    internal void Migrating(int number, int count, string id) => _activity = $"migrating {number} of {count} ({id})";

    internal void Done() => _activity = null;
}
