using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Integrity;

namespace VidaPlus.Data.Engine;

/// <summary>A migration compiled into the assembly: its id (<c>20260101120000_Name</c>) and name.</summary>
public sealed record CompiledMigration(string Id, TypeInfo Type)
{
    private const int TimestampLength = 14;

    /// <summary>The contract half of an expand/contract change (<see cref="Deploys.ContractAttribute"/>): held back while a build
    /// that lacks it serves.</summary>
    public bool IsContract => Type.GetCustomAttribute<Deploys.ContractAttribute>() is not null;

    /// <summary>The part after the timestamp, as given to <c>dotnet ef migrations add</c>.</summary>
    public string Name => Id.Length > TimestampLength + 1 && Id[TimestampLength] == '_' ? Id[(TimestampLength + 1)..] : Id;

    public override string ToString() => Id;
}

/// <summary>
/// The migrations of one context, oldest first, found the way EF Core's <c>MigrationsAssembly</c> finds them
/// (<c>[DbContext]</c> and <c>[Migration]</c> on a <see cref="Migration"/> subclass, ordered by id) and created the way
/// it creates them (with <see cref="Migration.ActiveProvider"/> set), with their checksums computed once per process.
/// Needs no DbContext and no EF Core services, so the startup check can use it cheaply.
/// </summary>
public sealed class CompiledMigrations
{
    private static readonly ConcurrentDictionary<Type, CompiledMigrations> ByContext = new();
    private readonly ConcurrentDictionary<string, string> _checksums = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, MigrationDirection), Classification> _classes = new();
    private readonly string _provider;

    // Found on first use: a start answered by the remembered head check never looks at them.
    private readonly Lazy<IReadOnlyList<CompiledMigration>> _all;

    private CompiledMigrations(Type contextType, string provider)
    {
        _provider = provider;
        _all = new(() => [.. contextType.Assembly.DefinedTypes
            .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract
                && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType
                && t.GetCustomAttribute<MigrationAttribute>() is not null)
            .Select(t => new CompiledMigration(t.GetCustomAttribute<MigrationAttribute>()!.Id, t))
            .OrderBy(m => m.Id, StringComparer.Ordinal)]);
    }

    /// <summary>The VidaPlus migrations of this build.</summary>
    public static CompiledMigrations VidaPlus => For(typeof(VidaPlusDbContext), VidaPlusDbContextOptions.ProviderName);

    /// <summary>The migrations of any VidaPlus context (tests keep migrations of their own), without starting EF Core.</summary>
    public static CompiledMigrations For(DbContext db) => For(db.GetType(), VidaPlusDbContextOptions.ProviderName);

    private static CompiledMigrations For(Type contextType, string provider) =>
        ByContext.GetOrAdd(contextType, t => new CompiledMigrations(t, provider));

    public IReadOnlyList<CompiledMigration> All => _all.Value;

    /// <summary>The newest migration, or base when there is none.</summary>
    public string Head => All.Count > 0 ? All[^1].Id : Revision.Base;

    public CompiledMigration Find(string id) =>
        All.FirstOrDefault(m => m.Id == id) ?? throw new ArgumentException($"No migration {id} in this build.", nameof(id));

    public bool Contains(string id) => All.Any(m => m.Id == id);

    /// <summary>The migration's name, or the id itself for one this build does not have.</summary>
    public string NameOf(string id) => All.FirstOrDefault(m => m.Id == id)?.Name ?? id;

    /// <summary>A new instance, whose Up/Down operations and target model can be read.</summary>
    public Migration Create(CompiledMigration migration)
    {
        var instance = (Migration)Activator.CreateInstance(migration.Type.AsType())!;
        instance.ActiveProvider = _provider;
        return instance;
    }

    public Migration Create(string id) => Create(Find(id));

    /// <summary>The checksum of the migration as this build has it (<see cref="MigrationChecksum"/>).</summary>
    public string Checksum(string id) => _checksums.GetOrAdd(id, i => MigrationChecksum.Compute(Create(i)));

    /// <summary>Whether the build before the migration runs on the schema after it (Up), or after reverting it (Down).</summary>
    public Classification Classify(string id, MigrationDirection direction = MigrationDirection.Up) =>
        _classes.GetOrAdd((id, direction), key => MigrationClassifier.Classify(Create(key.Item1), key.Item2));
}
