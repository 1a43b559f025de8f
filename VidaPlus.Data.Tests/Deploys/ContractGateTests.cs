using VidaPlus.Data.Deploys;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Deploys;

/// <summary>
/// A contract migration runs only once no build that lacks it serves: the run stops before it, says which builds hold
/// it back, and the newer build is ready on the expanded schema meanwhile.
/// </summary>
public sealed class ContractGateTests
{
    [Fact]
    public async Task WhileAnOlderBuildServes_TheRunStopsBeforeTheContract_NamingIt_AndTheNewerBuildIsReady()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = ContractBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(db);
        await SayServingAsync(database, "old-1", Revisions.All, seenAgo: "5 seconds");

        var run = await service.UpgradeAsync(Revision.Head);

        Assert.Equal([ContractBuildContext.Expand], run.Steps.Select(s => s.Id));
        Assert.Equal(ContractBuildContext.Contract, run.Held!.Migration);
        Assert.Equal("old-1", Assert.Single(run.Held.Holders).Instance);
        Assert.StartsWith($"Contract {ContractBuildContext.Contract} waits until no build without it serves: build old (head {Revisions.Head}) " +
            "on 1 process(es), last heard from at ", run.Held.ToString(), StringComparison.Ordinal);
        Assert.Equal([.. Revisions.All, ContractBuildContext.Expand], await database.AppliedAsync());
        Assert.True(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'estoques' AND column_name = 'unidade')"));
        var state = await service.ReadStateAsync();
        Assert.Null(state.NotReadyReason);
        Assert.Equal($"Contract migration(s) {ContractBuildContext.Contract} pending: they run once no older build serves (`db contract`).", state.ContractNote);
    }

    [Theory]
    [InlineData("silent for longer than the window", "10 minutes", false)]
    [InlineData("a build that knows the contract", "5 seconds", true)]
    public async Task TheContractRuns_OnceNoBuildWithoutItServes(string why, string seenAgo, bool knowsIt)
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = ContractBuildContext.Create(database.ConnectionString);
        await SayServingAsync(database, why, knowsIt ? [.. Revisions.All, ContractBuildContext.Expand, ContractBuildContext.Contract] : Revisions.All, seenAgo);

        var run = await TestEngine.Service(db).UpgradeAsync(Revision.Head);

        Assert.Null(run.Held);
        Assert.Equal([ContractBuildContext.Expand, ContractBuildContext.Contract], run.Steps.Select(s => s.Id));
        Assert.False(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'estoques' AND column_name = 'unidade')"));
    }

    [Fact]
    public async Task Forced_TheContractRuns_ThoughAnOlderBuildServes()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = ContractBuildContext.Create(database.ConnectionString);
        var service = TestEngine.Service(db);
        await SayServingAsync(database, "old-1", Revisions.All, seenAgo: "1 second");
        await service.UpgradeAsync(Revision.Head);

        var run = await service.UpgradeAsync(Revision.Head, forceContracts: true);

        Assert.Null(run.Held);
        Assert.Equal([ContractBuildContext.Contract], run.Steps.Select(s => s.Id));
    }

    // An older build's process, as its heartbeat records it (the table made as a migrating run makes it).
    private static async Task SayServingAsync(TestDatabase database, string instance, IReadOnlyList<string> known, string seenAgo)
    {
        await database.ExecuteAsync(ServingBuilds.CreateTable);
        await database.ExecuteAsync($"""
            INSERT INTO __vidaplus_builds (instance, build, head, known, seen_at)
            VALUES ('{instance}', 'old', '{known[^1]}', ARRAY['{string.Join("', '", known)}'], now() - interval '{seenAgo}')
            """);
    }
}
