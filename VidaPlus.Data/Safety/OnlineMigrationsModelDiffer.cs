using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>
/// EF Core's differ, with the changes older code cannot survive planned as expand and contract
/// (<see cref="Deploys.ExpandContractPlanner"/>) and each change to an existing table marked for its online form
/// (<see cref="OnlineOperations"/>): what `dotnet ef migrations add` writes into a new migration.
/// </summary>
internal sealed class OnlineMigrationsModelDiffer(IMigrationsModelDiffer inner, IRelationalTypeMappingSource types) : IMigrationsModelDiffer
{
    public bool HasDifferences(IRelationalModel? source, IRelationalModel? target) => inner.HasDifferences(source, target);

    public IReadOnlyList<MigrationOperation> GetDifferences(IRelationalModel? source, IRelationalModel? target) =>
        OnlineOperations.Mark(Deploys.ExpandContractPlanner.Plan(inner.GetDifferences(source, target), target), target,
            column => StoreTypes.DefaultSql(column, types));
}
