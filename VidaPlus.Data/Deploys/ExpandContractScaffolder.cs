using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace VidaPlus.Data.Deploys;

/// <summary>
/// `dotnet ef migrations add` writing a change planned as expand and contract (<see cref="ExpandContractPlanner"/>) as
/// two migrations: the one named, holding the expand half and every other change, and <c>NameContract</c> one second
/// after it, holding the contract half and marked <c>[Contract("expand id")]</c>. Each one's Down is the other half of
/// the change made backwards. Anything without a contract half is scaffolded by EF Core alone.
/// </summary>
/// <remarks>
/// A proxy over EF Core's scaffolder, not a subclass: the scaffolder lives in EF Core's Design package, which only
/// `dotnet ef` loads, and a type of this assembly that derived from one of its types would fail every scan of the
/// assembly's types in the API. So the Design package's types appear in method bodies only, compiled when `dotnet ef`
/// calls them.
/// </remarks>
#pragma warning disable EF1001 // The scaffolder's dependencies are public but marked internal API; they are what EF Core's scaffolder itself uses.
internal class ExpandContractScaffolder : DispatchProxy
{
    // EF Core's own scaffolder and its dependencies (typed object for the reason above).
    private object _inner = null!;
    private object _dependencies = null!;
    private object? _contract;

    public static IMigrationsScaffolder Create(MigrationsScaffolder inner, MigrationsScaffolderDependencies dependencies)
    {
        var proxy = Create<IMigrationsScaffolder, ExpandContractScaffolder>();
        var self = (ExpandContractScaffolder)(object)proxy;
        (self._inner, self._dependencies) = (inner, dependencies);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = targetMethod!;
        var a = args!;
        return method.Name switch
        {
            nameof(IMigrationsScaffolder.ScaffoldMigration) => Scaffold((string)a[0]!, (string?)a[1], (string?)a[2], (string?)a[3], (bool)a[4]!),
            nameof(IMigrationsScaffolder.Save) => Save((string)a[0]!, (ScaffoldedMigration)a[1]!, (string?)a[2], (bool)a[3]!),
            _ => Forward(method, a),
        };
    }

    private object? Forward(MethodInfo method, object?[] args)
    {
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private ScaffoldedMigration Scaffold(string name, string? rootNamespace, string? subNamespace, string? language, bool dryRun)
    {
        var dependencies = (MigrationsScaffolderDependencies)_dependencies;
        var scaffolded = ((MigrationsScaffolder)_inner).ScaffoldMigration(name, rootNamespace, subNamespace, language, dryRun);
        _contract = null;
        // The snapshot's model, which EF Core's scaffolder has just processed (a second processing returns nothing).
        var snapshot = dependencies.MigrationsAssembly.ModelSnapshot?.Model;
        var last = (dependencies.SnapshotModelProcessor.Process(snapshot) ?? snapshot as IModel)?.GetRelationalModel();
        var model = dependencies.Model.GetRelationalModel();
        var up = dependencies.MigrationsModelDiffer.GetDifferences(last, model);
        if (!up.Any(o => Phase(o) == ExpandContractPlanner.Contract))
        {
            return scaffolded;
        }
        var down = dependencies.MigrationsModelDiffer.GetDifferences(model, last);
        var generator = dependencies.MigrationsCodeGeneratorSelector.Select(language);
        var ns = Regex.Match(scaffolded.MigrationCode, @"^namespace ([\w.]+)", RegexOptions.Multiline).Groups[1].Value;
        var contractName = name + "Contract";
        var contractId = DateTime.ParseExact(scaffolded.MigrationId[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture).AddSeconds(1)
            .ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "_" + contractName;
        // The contract: the contract half, and its undoing; the expand: everything else, undone by the undoing of its half and
        // by what EF Core's differ writes for the rest (its own planned halves of going back are not used: a change goes back
        // by the plan made forwards).
        var (contractUp, expandUp) = Split(up, ExpandContractPlanner.Contract);
        var contractDown = Undoing(contractUp);
        var planned = up.Where(o => Phase(o) is not null).SelectMany(Columns).ToHashSet();
        List<MigrationOperation> expandDown = [.. Undoing(expandUp), .. down.Where(o => Phase(o) is null && !Columns(o).Any(planned.Contains))];
        Strip([.. up, .. down]);
        var contractCode = Marked(generator.GenerateMigration(ns, contractName, contractUp, contractDown), contractName, scaffolded.MigrationId);
        _contract = new ScaffoldedMigration(generator.FileExtension, scaffolded.MigrationId, contractCode, contractId,
            generator.GenerateMetadata(ns, dependencies.CurrentContext.Context.GetType(), contractName, contractId, dependencies.Model),
            scaffolded.MigrationSubNamespace, scaffolded.SnapshotCode, scaffolded.SnapshotName, scaffolded.SnapshotSubnamespace);
        var expandCode = generator.GenerateMigration(ns, name, expandUp, expandDown);
        return new ScaffoldedMigration(generator.FileExtension, scaffolded.PreviousMigrationId, expandCode, scaffolded.MigrationId,
            scaffolded.MetadataCode, scaffolded.MigrationSubNamespace, scaffolded.SnapshotCode, scaffolded.SnapshotName, scaffolded.SnapshotSubnamespace);
    }

    private MigrationFiles Save(string projectDir, ScaffoldedMigration migration, string? outputDir, bool dryRun)
    {
        var files = ((MigrationsScaffolder)_inner).Save(projectDir, migration, outputDir, dryRun);
        if (_contract is ScaffoldedMigration contract && contract.PreviousMigrationId == migration.MigrationId)
        {
            var directory = Path.GetDirectoryName(files.MigrationFile)!;
            var file = Path.Combine(directory, contract.MigrationId + contract.FileExtension);
            if (!dryRun)
            {
                File.WriteAllText(file, contract.MigrationCode, Encoding.UTF8);
                File.WriteAllText(Path.Combine(directory, contract.MigrationId + ".Designer" + contract.FileExtension), contract.MetadataCode, Encoding.UTF8);
            }
            ((MigrationsScaffolderDependencies)_dependencies).OperationReporter.WriteInformation(
                $"The change is made in two: {migration.MigrationId} expands (the build before it keeps serving on it), and " +
                $"{contract.MigrationId} contracts once no build without it serves (`db contract`). Wrote {file}.");
        }
        return files;
    }

    private static string? Phase(MigrationOperation operation) => operation[ExpandContractPlanner.Phase] as string;

    // The operations of one phase, and the rest.
    private static (List<MigrationOperation> Matching, List<MigrationOperation> Others) Split(IReadOnlyList<MigrationOperation> operations, string phase) =>
        ([.. operations.Where(o => Phase(o) == phase)], [.. operations.Where(o => Phase(o) != phase)]);

    // What undoes planned operations: each one's inverse, last first.
    private static List<MigrationOperation> Undoing(IEnumerable<MigrationOperation> operations) =>
        [.. operations.Reverse().SelectMany(ExpandContractPlanner.Inverse)];

    // The columns an operation changes, by table.
    private static IEnumerable<(string Table, string Column)> Columns(MigrationOperation operation) => operation switch
    {
        AddColumnOperation { Table: var table } added when added[ExpandContract.ExpandFrom] is string from => [(table, added.Name), (table, from)],
        DropColumnOperation { Table: var table } dropped when dropped[ExpandContract.ContractTo] is string kept => [(table, dropped.Name), (table, kept)],
        ColumnOperation column => [(column.Table, column.Name)],
        RenameColumnOperation renamed => [(renamed.Table, renamed.Name), (renamed.Table, renamed.NewName)],
        _ => [],
    };

    // The planner's mark is not for the files.
    private static void Strip(IEnumerable<MigrationOperation> operations)
    {
        foreach (var operation in operations)
        {
            operation.RemoveAnnotation(ExpandContractPlanner.Phase);
        }
    }

    // The contract migration's mark, and the namespace it needs.
    private static string Marked(string code, string name, string expand)
    {
        var declaration = Regex.Match(code, $@"^(\s*)public partial class {name}\b", RegexOptions.Multiline);
        code = code.Insert(declaration.Index, $"{declaration.Groups[1].Value.TrimStart('\r', '\n')}[Contract(\"{expand}\")]\n");
        var lastUsing = Regex.Matches(code, @"^using [\w.]+;\r?\n", RegexOptions.Multiline).Last();
        return code.Insert(lastUsing.Index + lastUsing.Length, $"using {typeof(ContractAttribute).Namespace};\n");
    }
}
#pragma warning restore EF1001
