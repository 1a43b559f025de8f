using System.Collections.Concurrent;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// Template databases at each revision, made at most once per test run, each from the one before it plus one
/// migration, and dropped at the end of the run.
/// </summary>
internal static class TestTemplates
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new();

    static TestTemplates() => TestServer.OnExit(DropAll);

    /// <summary>The name of a template database at <paramref name="revision"/>.</summary>
    public static Task<string> AtAsync(string revision) =>
        Templates.GetOrAdd(revision, r => new Lazy<Task<string>>(() => CreateAsync(r))).Value;

    private static async Task<string> CreateAsync(string revision)
    {
        if (Revision.IsBase(revision))
        {
            var empty = new TestDatabase();
            await empty.InitializeAsync();
            return empty.Name;
        }
        var ids = Revisions.All.ToList();
        var index = ids.IndexOf(revision);
        if (index < 0)
        {
            throw new ArgumentException($"No migration {revision} in the assembly", nameof(revision));
        }
        var database = await TestDatabase.CreateAtAsync(index == 0 ? Revision.Base : ids[index - 1]);
        await database.MigrateToAsync(revision);
        return database.Name;
    }

    private static void DropAll()
    {
        if (TestServer.IsContainer)
        {
            return;
        }
        foreach (var template in Templates.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully))
        {
            TestServer.ExecuteAsync($"DROP DATABASE IF EXISTS \"{template.Value.Result}\" WITH (FORCE)").GetAwaiter().GetResult();
        }
    }
}
