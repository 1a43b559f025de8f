using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace VidaPlus.Data.Safety;

/// <summary>
/// EF Core's differ, with each change to an existing table marked for its online form (<see cref="OnlineOperations"/>):
/// what `dotnet ef migrations add` writes into a new migration.
/// </summary>
internal sealed class OnlineMigrationsModelDiffer(IMigrationsModelDiffer inner) : IMigrationsModelDiffer
{
    public bool HasDifferences(IRelationalModel? source, IRelationalModel? target) => inner.HasDifferences(source, target);

    public IReadOnlyList<MigrationOperation> GetDifferences(IRelationalModel? source, IRelationalModel? target) =>
        OnlineOperations.Mark(inner.GetDifferences(source, target), target);
}
