namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>A test class with a database of its own at head and the real API over it, started and ready.</summary>
public abstract class ApiOverItsOwnDatabase : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    private protected ApiHost Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await SeedAsync(Database);
        Api = new ApiHost(Database.ConnectionString);
        Client = await Api.ClientAsync();
    }

    /// <summary>Rows the class needs before the API starts.</summary>
    protected virtual Task SeedAsync(TestDatabase database) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        await Database.DisposeAsync();
    }
}
