using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace VidaPlus.Data.Migrating;

/// <summary>A migration compiled into the assembly: its id (<c>20260101120000_Name</c>) and name.</summary>
public sealed record MigrationInfo(string Id, TypeInfo Type)
{
    private const int TimestampLength = 14;

    /// <summary>The part after the timestamp, as given to <c>dotnet ef migrations add</c>.</summary>
    public string Name => Id.Length > TimestampLength + 1 && Id[TimestampLength] == '_' ? Id[(TimestampLength + 1)..] : Id;

    public override string ToString() => Id;
}

/// <summary>
/// The migrations a context's assembly holds, oldest first, with what EF Core knows of them: their operations,
/// their Designer target models and the model snapshot, ready to diff.
/// </summary>
public sealed class MigrationCatalog
{
    private readonly IMigrationsAssembly _assembly;
    private readonly IModelRuntimeInitializer _initializer;
    private readonly string _provider;

    public MigrationCatalog(DbContext db)
    {
        _assembly = db.GetService<IMigrationsAssembly>();
        _initializer = db.GetService<IModelRuntimeInitializer>();
        _provider = db.Database.ProviderName!;
        Migrations = [.. _assembly.Migrations.Select(m => new MigrationInfo(m.Key, m.Value))];
        Differ = db.GetService<IMigrationsModelDiffer>();
    }

    /// <summary>Every migration, in the order EF Core applies them (by id).</summary>
    public IReadOnlyList<MigrationInfo> Migrations { get; }

    public IMigrationsModelDiffer Differ { get; }

    /// <summary>An instance of the migration, whose Up/Down operations and target model can be read.</summary>
    public Migration Create(MigrationInfo migration) => _assembly.CreateMigration(migration.Type, _provider);

    /// <summary>An instance of the migration with this id, which must be in the assembly.</summary>
    public Migration Create(string id) => Create(Find(id));

    public MigrationInfo Find(string id) => Migrations.Single(m => m.Id == id);

    /// <summary>The migration's Designer target model, ready to diff; null when it has no Designer file.</summary>
    public IRelationalModel? TargetModel(MigrationInfo migration) => Ready(Create(migration).TargetModel);

    /// <summary>The model snapshot, ready to diff; null when the assembly has none.</summary>
    public IRelationalModel? SnapshotModel() => Ready(_assembly.ModelSnapshot?.Model);

    // As `dotnet ef` does before diffing: finalize the model and initialize it for design time.
    private IRelationalModel? Ready(IModel? model)
    {
        if (model is null)
        {
            return null;
        }
        if (model is IMutableModel mutable)
        {
            model = mutable.FinalizeModel();
        }
        return _initializer.Initialize(model, designTime: true, validationLogger: null).GetRelationalModel();
    }
}
