using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Hosting;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The migration engine resolved as the API and the verbs resolve it, from their registrations, over what a test made.</summary>
internal static class TestEngine
{
    /// <summary>The engine's services over <paramref name="db"/> (the test disposes the context).</summary>
    public static IServiceProvider Services(
        VidaPlusDbContext db, LockWaitOptions? options = null, TimeProvider? time = null, UnsafeMigrationOptions? unsafeMigrations = null) =>
        new ServiceCollection()
            .AddSingleton(db)
            .AddSingleton(CompiledMigrations.For(db))
            .AddSingleton(options ?? LockWaitOptions.Default)
            .AddSingleton(unsafeMigrations ?? UnsafeMigrationOptions.Default)
            .AddSingleton(time ?? TimeProvider.System)
            .AddVidaPlusMigrationEngine()
            .BuildServiceProvider();

    public static MigrationService Service(VidaPlusDbContext db, LockWaitOptions? options = null, TimeProvider? time = null) =>
        Services(db, options, time).GetRequiredService<MigrationService>();

    /// <summary>The head check on a connection of its own, as startup and `db upgrade` run it.</summary>
    public static async Task<string?> CleanHeadAsync(string connectionString, bool remember = true)
    {
        await using var db = new VidaPlusDbContext(VidaPlusDbContextOptions.For(connectionString));
        await using var connection = new NpgsqlConnection(connectionString);
        return await Services(db).GetRequiredService<HeadCheck>().CleanHeadAsync(connection, remember, CancellationToken.None);
    }

    /// <summary>The API's startup migration, with the API's registrations and <paramref name="settings"/>.</summary>
    /// <param name="progress">Told what the run is doing, as the API's readiness probe is.</param>
    public static async Task<MigrationRun?> StartupAsync(VidaPlusSettings settings, MigrationProgress? progress = null)
    {
        var services = new ServiceCollection();
        if (progress is not null)
        {
            services.AddSingleton(progress);
        }
        services.AddVidaPlusDatabase(settings);
        await using var provider = services.BuildServiceProvider();
        return await StartupMigrator.RunAsync(provider.GetRequiredService<IServiceScopeFactory>());
    }
}
