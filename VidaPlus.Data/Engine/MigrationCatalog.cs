using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace VidaPlus.Data.Engine;

/// <summary>
/// The compiled migrations of a context with what EF Core's design-time services know of them: their Designer
/// target models and the model snapshot, ready to diff.
/// </summary>
internal sealed class MigrationCatalog
{
    private readonly IMigrationsAssembly _assembly;
    private readonly IModelRuntimeInitializer _initializer;

    public MigrationCatalog(DbContext db, CompiledMigrations compiled)
    {
        _assembly = db.GetService<IMigrationsAssembly>();
        _initializer = db.GetService<IModelRuntimeInitializer>();
        Compiled = compiled;
        Differ = db.GetService<IMigrationsModelDiffer>();
    }

    public CompiledMigrations Compiled { get; }

    /// <summary>Every migration, in the order EF Core applies them (by id).</summary>
    public IReadOnlyList<CompiledMigration> Migrations => Compiled.All;

    public IMigrationsModelDiffer Differ { get; }

    public Migration Create(CompiledMigration migration) => Compiled.Create(migration);

    public Migration Create(string id) => Compiled.Create(id);

    public CompiledMigration Find(string id) => Compiled.Find(id);

    /// <summary>The migration's Designer target model, ready to diff; null when it has no Designer file.</summary>
    public IRelationalModel? TargetModel(CompiledMigration migration) => Ready(Create(migration).TargetModel);

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
