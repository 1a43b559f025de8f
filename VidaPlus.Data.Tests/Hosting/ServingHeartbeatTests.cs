using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Hosting;

/// <summary>A serving API records its build in the database, and takes it back when it stops.</summary>
public sealed class ServingHeartbeatTests
{
    [Fact]
    public async Task TheApi_RecordsThatItServes_WithTheMigrationsItKnows_AndTakesItBackWhenItStops()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        var api = new ApiHost(database.ConnectionString);
        await using (api)
        {
            using var client = await api.ClientAsync();
            await client.GetAsync("/health/ready");
            var recorded = "";
            for (var waited = 0; waited < 100 && recorded.Length == 0; waited++)
            {
                recorded = await database.ScalarAsync<string?>("SELECT head || ' ' || array_to_string(known, ',') FROM __vidaplus_builds") ?? "";
                await Task.Delay(100);
            }

            Assert.Equal($"{Revisions.Head} {string.Join(",", Revisions.All)}", recorded);
            Assert.Contains(api.Logs, l => l.StartsWith("Information: Serving as ", StringComparison.Ordinal));
        }

        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM __vidaplus_builds"));
    }
}
