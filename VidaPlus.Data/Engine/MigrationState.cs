using VidaPlus.Data.Adoption;

namespace VidaPlus.Data.Engine;

/// <summary>Where a database stands against the migrations this build holds.</summary>
/// <param name="Known">Every migration in this build, oldest first.</param>
/// <param name="Applied">The ids in the database's history table, oldest first.</param>
/// <param name="AlembicRevision">The <c>alembic_version</c> of a database with no EF Core history, or null.</param>
public sealed record MigrationState(IReadOnlyList<CompiledMigration> Known, IReadOnlyList<string> Applied, string? AlembicRevision = null)
{
    /// <summary>The last applied migration, or base for an empty history.</summary>
    public string Current => Revision.LastOf(Applied);

    public string Head => Known.Count > 0 ? Known[^1].Id : Revision.Base;

    public bool AtHead => Current == Head && Unknown.Count == 0;

    /// <summary>Made by the Python app's Alembic migrations and not adopted yet.</summary>
    public bool IsAlembic => AlembicRevision is not null && Applied.Count == 0;

    public bool IsApplied(string id) => Applied.Contains(id, StringComparer.Ordinal);

    /// <summary>Migrations of this build not yet applied, oldest first.</summary>
    public IReadOnlyList<CompiledMigration> Pending => [.. Known.Where(m => !IsApplied(m.Id))];

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

    /// <summary>Why the schema is not ready to serve with this build; null when it is at head.</summary>
    public string? NotReadyReason =>
        IsAlembic ? AlembicDatabase.Explain(AlembicRevision!)
        : Unknown.Count > 0 ? $"Database has migrations this build does not know: {string.Join(", ", Unknown)}"
        : Pending.Count > 0 ? $"Pending migrations: {string.Join(", ", Pending.Select(m => m.Id))}"
        : null;

    /// <summary>Refuses a database made by Alembic and not adopted, or one that holds migrations this build does not know.</summary>
    /// <exception cref="MigrationStateException">It is.</exception>
    public void EnsureMigratable()
    {
        if (IsAlembic)
        {
            throw new MigrationStateException($"{AlembicDatabase.Explain(AlembicRevision!)} Nothing was changed.");
        }
        if (Unknown.Count > 0)
        {
            throw new MigrationStateException(
                $"Can't locate revision {string.Join(", ", Unknown)}: the database has migrations this build does not know " +
                "(it is newer than this code, or a migration file was deleted). Nothing was changed. See `db check`.");
        }
    }
}

/// <param name="Pending">A migration not applied yet...</param>
/// <param name="NewerApplied">...although this newer one (the oldest such) is.</param>
public sealed record OutOfOrderMigration(CompiledMigration Pending, string NewerApplied);
