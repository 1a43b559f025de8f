using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// A database of its own on the test server, dropped afterwards, so tests run in parallel without sharing state.
/// As an xunit class fixture it is empty; <see cref="CreateAtAsync"/> gives one already at a revision, copied from a
/// template database that is migrated once per test run (<c>CREATE DATABASE ... TEMPLATE</c> copies files, which is
/// much faster than running the migrations again).
/// </summary>
public sealed class TestDatabase : IAsyncLifetime, IAsyncDisposable
{
    public const string HistoryTable = HistoryRepository.DefaultTableName;

    private readonly string? _template;

    public TestDatabase() : this(template: null)
    {
    }

    private TestDatabase(string? template) => _template = template;

    public string Name { get; } = $"vidaplus_test_{Guid.NewGuid():N}";

    /// <summary>Holds the password: never print it.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A new database at <paramref name="revision"/> (a migration id, or base); dispose it after.</summary>
    public static async Task<TestDatabase> CreateAtAsync(string revision)
    {
        var database = new TestDatabase(await TestTemplates.AtAsync(revision));
        await database.InitializeAsync();
        return database;
    }

    public async Task InitializeAsync()
    {
        var server = await TestServer.GetAsync();
        // No pooling: an idle pooled connection would keep a template busy and block CREATE DATABASE ... TEMPLATE.
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Name, Pooling = false }
            .ConnectionString;
        await TestServer.ExecuteAsync(_template is null
            ? $"CREATE DATABASE \"{Name}\""
            : $"CREATE DATABASE \"{Name}\" TEMPLATE \"{_template}\" STRATEGY FILE_COPY");
    }

    public Task DisposeAsync() => TestServer.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public VidaPlusDbContext NewContext() => new(VidaPlusDbContextOptions.For(ConnectionString));

    /// <summary>A context with no database, for what needs only the model and the migrations.</summary>
    public static VidaPlusDbContext OfflineContext() => new(VidaPlusDbContextOptions.For(connectionString: null));

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls <paramref name="condition"/> (a boolean query) until it holds: a test waits for what it needs to
    /// have happened, never for a time it hopes is enough.</summary>
    public async Task WaitUntilAsync(string condition, string never)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await ScalarAsync<bool>(condition))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"After 30 s, {never}.");
            await Task.Delay(20);
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Migrates up or down to <paramref name="target"/>: a migration id, or base for an empty schema.</summary>
    public async Task MigrateToAsync(string target)
    {
        await using var db = NewContext();
        await db.GetService<IMigrator>().MigrateAsync(Revision.ToEf(target));
    }

    /// <summary>The ids of the applied migrations, oldest first.</summary>
    public async Task<IReadOnlyList<string>> AppliedAsync()
    {
        await using var db = NewContext();
        return [.. await db.Database.GetAppliedMigrationsAsync()];
    }

    internal async Task<DatabaseSchema> ReadSchemaAsync()
    {
        await using var connection = await OpenAsync();
        return await SchemaReader.ReadAsync(connection);
    }

    /// <summary>The schema without the engine's tables (<see cref="EngineTables"/>): what the migrations themselves made.</summary>
    internal async Task<DatabaseSchema> ReadVidaPlusSchemaAsync() => (await ReadSchemaAsync()).WithoutEngineTables();

    internal static MigrationCatalog Catalog()
    {
        using var db = OfflineContext();
        return new MigrationCatalog(db, CompiledMigrations.For(db));
    }
}
