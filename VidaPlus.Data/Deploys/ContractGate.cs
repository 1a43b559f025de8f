using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Deploys;

/// <summary>A contract migration held back, and the builds serving without it.</summary>
public sealed record HeldContract(string Migration, IReadOnlyList<ServingBuild> Holders)
{
    public override string ToString() =>
        $"Contract {Migration} waits until no build without it serves: " + string.Join("; ", Holders.GroupBy(h => h.Build).Select(g =>
            $"build {g.Key} (head {g.First().Head}) on {g.Count()} process(es), last heard from at {g.Max(h => h.SeenAt):u}")) +
        $". Once they are gone (stopped, or silent for {ContractOptions.WindowKey}), startup or `db upgrade` runs it; `db contract --force` runs it now.";
}

/// <summary>
/// Where a run stops for a contract: at the first contract migration (<see cref="ContractAttribute"/>) of the steps that
/// some serving build does not know, since that build still reads what it removes. Migrations after it wait too: they
/// run in order.
/// </summary>
internal static class ContractGate
{
    public static (IReadOnlyList<PlannedStep> Steps, HeldContract? Held) Apply(
        IReadOnlyList<PlannedStep> steps, CompiledMigrations compiled, IReadOnlyList<ServingBuild> serving)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var id = steps[i].Migration;
            if (steps[i].Direction == MigrationDirection.Up && compiled.Find(id).IsContract
                && serving.Where(s => !s.Known.Contains(id, StringComparer.Ordinal)).ToList() is { Count: > 0 } holders)
            {
                return ([.. steps.Take(i)], new HeldContract(id, holders));
            }
        }
        return (steps, null);
    }
}
