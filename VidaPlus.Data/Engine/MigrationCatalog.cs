using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace VidaPlus.Data.Engine;

/// <summary>
/// The compiled migrations of a context with what EF Core's design-time services know of them: their Designer
/// target models and the model snapshot, ready to diff.
/// </summary>
internal sealed class MigrationCatalog
{
    private readonly IMigrationsAssembly _assembly;
    private readonly IModelRuntimeInitializer _initializer;
    private readonly IMigrationsSqlGenerator _generator;
    private readonly IRawSqlCommandBuilder _commands;
    private readonly DbContext _db;

    public MigrationCatalog(DbContext db, CompiledMigrations compiled)
    {
        _assembly = db.GetService<IMigrationsAssembly>();
        _initializer = db.GetService<IModelRuntimeInitializer>();
        _generator = db.GetService<IMigrationsSqlGenerator>();
        _commands = db.GetService<IRawSqlCommandBuilder>();
        _db = db;
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
    public IRelationalModel? TargetModel(CompiledMigration migration) => Ready(Create(migration).TargetModel)?.GetRelationalModel();

    /// <summary>The model snapshot, ready to diff; null when the assembly has none.</summary>
    public IRelationalModel? SnapshotModel() => Ready(_assembly.ModelSnapshot?.Model)?.GetRelationalModel();

    /// <summary>A migration's SQL as EF Core's migrator generates it, without the history row: Up() with its Designer model,
    /// Down() with the model of the migration before it (the one it goes back to), finalized.</summary>
    public IReadOnlyList<MigrationCommand> Sql(CompiledMigration migration, MigrationDirection direction = MigrationDirection.Up)
    {
        var created = Create(migration);
        if (direction == MigrationDirection.Up)
        {
            return _generator.Generate(created.UpOperations, Ready(created.TargetModel));
        }
        var index = Compiled.All.ToList().IndexOf(migration);
        return _generator.Generate(created.DownOperations, index > 0 ? Ready(Create(Compiled.All[index - 1]).TargetModel) : null);
    }

    /// <summary>A command of SQL as the migrator would run it, in the migration's transaction.</summary>
    public MigrationCommand Command(string sql) =>
        new(_commands.Build(sql), _db, _db.GetService<IRelationalCommandDiagnosticsLogger>());

    // As `dotnet ef` does before diffing: finalize the model and initialize it for design time.
    private IModel? Ready(IModel? model)
    {
        if (model is null)
        {
            return null;
        }
        if (model is IMutableModel mutable)
        {
            model = mutable.FinalizeModel();
        }
        return _initializer.Initialize(model, designTime: true, validationLogger: null);
    }
}
