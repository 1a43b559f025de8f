using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database of its own for one test class (an xunit class fixture), dropped afterwards,
/// so test classes run in parallel without sharing state.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string HistoryTable = "__EFMigrationsHistory";

    private string? _adminConnectionString;

    public string Name { get; } = $"vidaplus_test_{Guid.NewGuid():N}";

    /// <summary>Holds the password: never print it.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var server = await TestServer.GetAsync();
        _adminConnectionString = server.ConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Name, Pooling = false }
            .ConnectionString;
        await ExecuteAdminAsync($"CREATE DATABASE \"{Name}\"");
    }

    public Task DisposeAsync() => ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

    public VidaPlusDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<VidaPlusDbContext>();
        options.UseVidaPlusPostgres(ConnectionString);
        return new VidaPlusDbContext(options.Options);
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Migrates up or down to <paramref name="target"/>: a migration id, or "0" for an empty schema.</summary>
    public async Task MigrateToAsync(string target)
    {
        await using var db = NewContext();
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    public async Task<DatabaseSchema> ReadSchemaAsync()
    {
        await using var connection = await OpenAsync();
        return await SchemaReader.ReadAsync(connection);
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
