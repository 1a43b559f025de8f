using Npgsql;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Migrations;

/// <summary>A downgrade that cannot keep the data fails and changes nothing.</summary>
public sealed class DowngradeDataTests
{
    [Fact]
    public async Task DowngradePastMakeLeitoPacienteOptional_WithAFreeBed_FailsAndKeepsEverything()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.MakeLeitoPacienteOptional);
        // SQL of that revision, not the entity classes: they follow head, which may have more columns.
        await database.ExecuteAsync("INSERT INTO leitos (numero_leito, paciente_id, tipo, status) VALUES ('UTI-01', NULL, 'UTI', 'LIVRE')");
        var schemaBefore = await database.ReadVidaPlusSchemaAsync();

        // EF Core's migrator (as `dotnet ef database update` calls it) goes through the engine, which names the migration.
        var failed = await Assert.ThrowsAsync<MigrationFailedException>(() => database.MigrateToAsync(Revisions.AddEstoquesAndLeitos));
        var error = Assert.IsType<PostgresException>(failed.InnerException);

        Assert.Equal(PostgresErrorCodes.NotNullViolation, error.SqlState);
        Assert.Equal(("leitos", "paciente_id"), (error.TableName, error.ColumnName));
        Assert.Equal(Revisions.MakeLeitoPacienteOptional, (await database.AppliedAsync())[^1]);
        SchemaAssert.Equal(schemaBefore, await database.ReadVidaPlusSchemaAsync(), "after the failed downgrade");
        await using var connection = await database.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT numero_leito, paciente_id IS NULL, tipo::text, status::text FROM leitos", connection);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("UTI-01", true, "UTI", "LIVRE"), (reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3)));
        Assert.False(await reader.ReadAsync());
    }
}
