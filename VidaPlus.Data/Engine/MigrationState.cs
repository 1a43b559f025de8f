using VidaPlus.Data.Adoption;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Integrity;

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

    /// <summary>The last applied migration this build knows: <see cref="Current"/>, unless the database is ahead of it.</summary>
    public string CurrentKnown => Revision.LastOf([.. Applied.Where(id => Known.Any(m => m.Id == id))]);

    public bool AtHead => Current == Head && Unknown.Count == 0;

    /// <summary>What the builds that applied them recorded of the migrations this build does not know.</summary>
    public IReadOnlyDictionary<string, MigrationRecord> UnknownRecords { get; init; } = new Dictionary<string, MigrationRecord>();

    /// <summary>The database holds migrations this build does not know, every one recorded expand: this (older) build
    /// keeps working on the schema they made.</summary>
    public bool OnlyExpandAhead => Unknown.Count > 0 && Unknown.All(id => UnknownRecords.GetValueOrDefault(id)?.Compatibility == CompatibilityClass.Expand);

    /// <summary>How an unknown migration was recorded: expand or contract with its reason, or that it has no record.</summary>
    public string DescribeUnknown(string id) => UnknownRecords.GetValueOrDefault(id) switch
    {
        { Compatibility: { } compatibility, CompatibilityReason: { } reason } => $"{id}: {compatibility.Name()} ({reason})",
        { Compatibility: { } compatibility } => $"{id}: {compatibility.Name()}",
        _ => $"{id}: no record of its class",
    };

    /// <summary>For a database ahead of this build by expand migrations only, what to say beside "ready".</summary>
    public string? AheadNote => OnlyExpandAhead
        ? $"The database is ahead of this build by expand migration(s) {string.Join(", ", Unknown)}; this build runs on the schema they made."
        : null;

    /// <summary>Applied migrations of this build with no VidaPlus record (applied by `dotnet ef`, a script, or a process
    /// that died between the commit and the record).</summary>
    public IReadOnlyList<string> Unrecorded(IReadOnlyDictionary<string, MigrationRecord> records) =>
        [.. Applied.Where(id => !records.ContainsKey(id) && Known.Any(m => m.Id == id))];

    /// <summary>Made by the Python app's Alembic migrations and not adopted yet.</summary>
    public bool IsAlembic => AlembicRevision is not null && Applied.Count == 0;

    public bool IsApplied(string id) => Applied.Contains(id, StringComparer.Ordinal);

    /// <summary>Migrations of this build not yet applied, oldest first.</summary>
    public IReadOnlyList<CompiledMigration> Pending => [.. Known.Where(m => !IsApplied(m.Id))];

    /// <summary>Applied migrations this build does not have ("can't locate revision").</summary>
    public IReadOnlyList<string> Unknown => [.. Applied.Where(id => Known.All(m => m.Id != id))];

    /// <summary>Pending migrations that sort before an applied one: merged from a branch after a newer one ran.</summary>
    internal IReadOnlyList<OutOfOrderMigration> OutOfOrder =>
    [
        .. from pending in Pending
           let newer = Applied.FirstOrDefault(a => string.CompareOrdinal(a, pending.Id) > 0)
           where newer is not null
           select new OutOfOrderMigration(pending, newer),
    ];

    /// <summary>Why the schema is not ready to serve with this build; null when it is at head, or only contract migrations
    /// are pending (this build serves on the expanded schema while an older one still does).</summary>
    public string? NotReadyReason =>
        IsAlembic ? AlembicDatabase.Explain(AlembicRevision!)
        : Unknown.Count > 0 && !OnlyExpandAhead ? $"Database has migrations this build does not know: {string.Join("; ", Unknown.Select(DescribeUnknown))}"
        : Pending.Any(m => !m.IsContract) ? $"Pending migrations: {string.Join(", ", Pending.Select(m => m.Id))}"
        : null;

    /// <summary>For a database whose only pending migrations are contracts, what to say beside "ready".</summary>
    public string? ContractNote => Pending.Count > 0 && Pending.All(m => m.IsContract)
        ? $"Contract migration(s) {string.Join(", ", Pending.Select(m => m.Id))} pending: they run once no older build serves (`db contract`)."
        : null;

    /// <summary>Refuses a database made by Alembic and not adopted, or one that holds migrations this build does not know,
    /// unless <paramref name="allowExpandAhead"/> and every one of them was recorded expand.</summary>
    /// <exception cref="MigrationStateException">It is.</exception>
    public void EnsureMigratable(bool allowExpandAhead = false)
    {
        if (IsAlembic)
        {
            throw new MigrationStateException($"{AlembicDatabase.Explain(AlembicRevision!)} Nothing was changed.");
        }
        if (Unknown.Count > 0 && !(allowExpandAhead && OnlyExpandAhead))
        {
            throw new MigrationStateException(
                $"Can't locate revision {string.Join(", ", Unknown)}: the database has migrations this build does not know " +
                $"({string.Join("; ", Unknown.Select(DescribeUnknown))}). An older build runs on a newer schema only when every " +
                "migration it lacks was recorded expand: run `db downgrade` with the newer build, or deploy the newer build " +
                "(or restore a deleted migration file). Nothing was changed. See `db check`.");
        }
    }
}

/// <param name="Pending">A migration not applied yet...</param>
/// <param name="NewerApplied">...although this newer one (the oldest such) is.</param>
internal sealed record OutOfOrderMigration(CompiledMigration Pending, string NewerApplied);
