using Microsoft.EntityFrameworkCore;
using Npgsql;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Enums;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.MigrationSuite;

/// <summary>A downgrade that cannot keep the data fails and changes nothing.</summary>
public sealed class DowngradeDataTests
{
    [Fact]
    public async Task DowngradePastMakeLeitoPacienteOptional_WithAFreeBed_FailsAndKeepsEverything()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.MakeLeitoPacienteOptional);
        await using (var db = database.NewContext())
        {
            db.Leitos.Add(new Leito { NumeroLeito = "UTI-01", Tipo = TipoLeito.Uti, Status = StatusLeito.Livre });
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => database.MigrateToAsync(Revisions.AddEstoquesAndLeitos));

        Assert.Equal(PostgresErrorCodes.NotNullViolation, error.SqlState);
        Assert.Equal("paciente_id", error.ColumnName);
        await using var after = database.NewContext();
        Assert.Equal(Revisions.MakeLeitoPacienteOptional, (await after.Database.GetAppliedMigrationsAsync()).Last());
        var leito = await after.Leitos.SingleAsync();
        Assert.Equal(("UTI-01", (int?)null, TipoLeito.Uti, StatusLeito.Livre), (leito.NumeroLeito, leito.PacienteId, leito.Tipo, leito.Status));
    }
}
