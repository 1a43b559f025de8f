using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// What `dotnet ef migrations add` makes of a changed model, through the same design-time services (the provider's
/// and this project's <see cref="DesignTimeServices"/>): the Up() and Down() operations against the current snapshot,
/// and the C# it writes for Up().
/// </summary>
internal static class TestDesignTime
{
    public static (IReadOnlyList<MigrationOperation> Up, IReadOnlyList<MigrationOperation> Down, string Code) Migration(VidaPlusDbContext context)
    {
#pragma warning disable EF1001 // The builder `dotnet ef` itself uses: the provider's design-time services, then the project's.
        var services = new DesignTimeServicesBuilder(typeof(VidaPlusDbContext).Assembly, typeof(VidaPlusDbContext).Assembly,
            new OperationReporter(null), []).Build(context);
#pragma warning restore EF1001
        var differ = services.GetRequiredService<IMigrationsModelDiffer>();
        var target = Target(context).GetRelationalModel();
        var snapshot = TestDatabase.Catalog().SnapshotModel();
        var up = differ.GetDifferences(snapshot, target);
        var code = new IndentedStringBuilder();
        services.GetRequiredService<ICSharpMigrationOperationGenerator>().Generate("migrationBuilder", up, code);
        return (up, differ.GetDifferences(target, snapshot), code.ToString());
    }

    /// <summary>The model the migration leads to, as its Designer file holds it.</summary>
    public static IModel Target(VidaPlusDbContext context) => context.GetService<IDesignTimeModel>().Model;

    /// <summary>The model the current migrations lead to: what a Down() returns to.</summary>
    public static IModel Snapshot() => TestDatabase.Catalog().SnapshotModel()!.Model;
}
