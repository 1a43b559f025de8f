namespace VidaPlus.Data.Migrating;

/// <summary>Where a database stands against the migrations this build holds.</summary>
/// <param name="Known">Every migration in this build, oldest first.</param>
/// <param name="Applied">The ids in the database's history table, oldest first.</param>
public sealed record MigrationState(IReadOnlyList<MigrationInfo> Known, IReadOnlyList<string> Applied)
{
    /// <summary>The last applied migration, or "base" for an empty history.</summary>
    public string Current => Applied.Count > 0 ? Applied[^1] : MigrationService.Base;

    public string Head => Known.Count > 0 ? Known[^1].Id : MigrationService.Base;

    public bool IsApplied(string id) => Applied.Contains(id, StringComparer.Ordinal);

    /// <summary>Migrations of this build not yet applied, oldest first.</summary>
    public IReadOnlyList<MigrationInfo> Pending => [.. Known.Where(m => !IsApplied(m.Id))];

    /// <summary>Applied migrations this build does not have ("can't locate revision").</summary>
    public IReadOnlyList<string> Unknown => [.. Applied.Where(id => Known.All(m => m.Id != id))];

    /// <summary>Pending migrations that sort before an applied one: merged from a branch after a newer one ran.</summary>
    public IReadOnlyList<OutOfOrderMigration> OutOfOrder =>
    [
        .. from pending in Pending
           let newer = Applied.FirstOrDefault(a => string.CompareOrdinal(a, pending.Id) > 0)
           where newer is not null
           select new OutOfOrderMigration(pending, newer),
    ];
}

/// <param name="Pending">A migration not applied yet...</param>
/// <param name="NewerApplied">...although this newer one (the oldest such) is.</param>
public sealed record OutOfOrderMigration(MigrationInfo Pending, string NewerApplied);
