using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Integrity;

/// <summary>`db check` against a live schema changed by hand: every kind of drift, each named.</summary>
public sealed class DriftTests
{
    [Fact]
    public async Task HandMadeChanges_AreEachReported_AndAnAllowListedOneIsNot()
    {
        await using var database = await TestDatabase.CreateAtAsync(Revisions.Head);
        await using var db = database.NewContext();
        var service = TestEngine.Service(db);
        await service.StampAsync("", recordOnly: true);
        Assert.Empty(await service.CheckAsync());

        await database.ExecuteAsync("""
            CREATE INDEX ix_leitos_status_manual ON leitos (status);
            CREATE TABLE relatorio_tmp (id int);
            ALTER TABLE estoques DROP COLUMN data_validade;
            ALTER TABLE estoques ALTER COLUMN nome TYPE text;
            ALTER TABLE users ALTER COLUMN telefone SET NOT NULL;
            ALTER TABLE users ALTER COLUMN is_active SET DEFAULT true;
            ALTER TYPE statusleito ADD VALUE 'HIGIENIZACAO';
            ALTER TABLE consultas DROP CONSTRAINT fk_consultas_prontuarios_prontuario_id;
            """);

        var drift = (await service.CheckAsync(new Dictionary<string, string> { ["table relatorio_tmp"] = "scratch table of the BI team" }))
            .Where(p => p.Code == "drift")
            .Select(p => p.Message.Split(": ", 2)[1].Split(". Remove it", 2)[0])
            .ToList();

        // Order follows the model's, which is EF's business: compare as sets, with the count exact.
        Assert.Equal(
        new[]
        {
            "enum statusleito: labels: expected OCUPADO, LIVRE, RESERVADO, EM_MANUTENCAO, found OCUPADO, LIVRE, RESERVADO, EM_MANUTENCAO, HIGIENIZACAO",
            "foreign key consultas.fk_consultas_prontuarios_prontuario_id: missing",
            "column estoques.data_validade: missing",
            "column estoques.nome: type: expected character varying(255), found text",
            "index leitos.ix_leitos_status_manual: unexpected",
            "column users.telefone: nullable: expected yes, found no",
            "column users.is_active: default: expected none, found true",
        }.Order(), drift.Order());
    }
}
