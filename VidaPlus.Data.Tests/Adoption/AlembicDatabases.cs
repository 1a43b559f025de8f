using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Adoption;

/// <summary>
/// Databases as the Python app left them: a pg_dump of its real Alembic history at one revision (Dumps/, with their
/// README), loaded into a fresh test database whose TimeZone is São Paulo's, then given rows in every table, as the
/// app wrote them: created_at in local time, and one deleted row per serial table so each sequence is ahead of max(id).
/// </summary>
internal static class AlembicDatabases
{
    public const string TimeZone = "America/Sao_Paulo";

    public static readonly string[] MainLine = ["8411d3b4e410", "bc7827844a23", "76b35f4c764f", "36a57979bb23"];

    public static TheoryData<string> MainLineCases => [.. MainLine];

    /// <summary>Revisions with beds and stock (all but the first).</summary>
    public static bool HasLeitos(string revision) => revision is not ("8411d3b4e410" or "7f60e1ea6219");

    public static async Task<TestDatabase> CreateAsync(string revision, bool seed = true)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        await database.ExecuteAsync($"ALTER DATABASE \"{database.Name}\" SET TimeZone = '{TimeZone}'");
        await database.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Adoption", "Dumps", $"alembic-{revision}.sql")));
        if (seed)
        {
            await database.ExecuteAsync(Seed + (HasLeitos(revision) ? SeedLeitosAndEstoques : ""));
        }
        return database;
    }

    // Written the way the Python app wrote: created_at from the column's default (local time now) or given in local
    // time, one of them inside a summer-time period São Paulo had then (UTC-2), so the zone's history matters.
    private const string Seed = """
        INSERT INTO users (nome, email, senha, telefone, tipo, is_active, is_superuser) VALUES
            ('Ana Souza', 'ana@vidaplus.test', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g', '11 90000-0001', 'ADMIN', true, true),
            ('Paulo Lima', 'paulo@vidaplus.test', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g', NULL, 'PACIENTE', true, false),
            ('Clara Reis', 'clara@vidaplus.test', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g', NULL, 'PROFISSIONAL', true, false),
            ('Removido', 'removido@vidaplus.test', 'x', NULL, 'PACIENTE', false, false);
        INSERT INTO users (nome, email, senha, tipo, is_active, is_superuser, created_at) VALUES
            ('Beatriz Alves', 'bia@vidaplus.test', 'x', 'PACIENTE', false, false, '2018-12-01 12:00:00'),
            ('Julio Ramos', 'julio@vidaplus.test', 'x', 'PACIENTE', true, false, '2023-06-15 23:45:10.123456');
        DELETE FROM users WHERE email = 'removido@vidaplus.test';
        INSERT INTO admin_users (id) SELECT id FROM users WHERE email = 'ana@vidaplus.test';
        INSERT INTO paciente_users (id, cpf, data_nascimento, endereco, complemento, numero, bairro, cidade, estado, cep)
            SELECT id, '123.456.789-0' || id, '1980-05-01', 'Rua das Flores', NULL, 10, 'Centro', 'São Paulo', 'SP', '01000-000'
            FROM users WHERE email IN ('paulo@vidaplus.test', 'bia@vidaplus.test', 'julio@vidaplus.test');
        INSERT INTO profissional_users (id, "crmCoren", especialidade, biografia, horario_atendimento)
            SELECT id, 'CRM-1234', 'CLINICA_GERAL', 'Clínica geral há 12 anos', 'PLANTAO_12H' FROM users WHERE email = 'clara@vidaplus.test';
        INSERT INTO prontuarios (paciente_id) SELECT id FROM paciente_users ORDER BY id;
        DELETE FROM prontuarios WHERE id = (SELECT max(id) FROM prontuarios);
        INSERT INTO consultas (data, hora, paciente_id, profissional_id, prontuario_id, status, "tipoConsulta", link, observacao)
            SELECT '2024-02-10', '09:30', p.paciente_id, (SELECT id FROM profissional_users), p.id, s::status, 'PRESENCIAL', NULL, 'retorno'
            FROM prontuarios p, unnest(ARRAY['AGENDADA', 'REALIZADA', 'CANCELADA']) s;
        DELETE FROM consultas WHERE status = 'CANCELADA';
        INSERT INTO exames (paciente_id, prontuario_id, data, tipo, resultado, observacao, status)
            SELECT paciente_id, id, '2024-02-11', 'HEMOGRAMA', 'normal', NULL, 'CONCLUIDO' FROM prontuarios;
        INSERT INTO exames (paciente_id, prontuario_id, data, tipo, status)
            SELECT paciente_id, id, '2024-02-12', 'RAIO_X', 'CANCELADO' FROM prontuarios LIMIT 1;
        DELETE FROM exames WHERE status = 'CANCELADO';
        INSERT INTO prescricoes (data, paciente_id, profissional_id, prontuario_id, tipo_prescricao, medicamentos, observacao)
            SELECT '2024-02-10', paciente_id, (SELECT id FROM profissional_users), id, 'ANALGESICO', 'Dipirona 500 mg', 'se dor'
            FROM prontuarios;
        INSERT INTO prescricoes (data, paciente_id, profissional_id, prontuario_id, tipo_prescricao, medicamentos)
            SELECT '2024-02-10', paciente_id, (SELECT id FROM profissional_users), id, 'ANTIBIOTICO', 'suspensa' FROM prontuarios LIMIT 1;
        DELETE FROM prescricoes WHERE medicamentos = 'suspensa';
        """;

    private const string SeedLeitosAndEstoques = """
        INSERT INTO leitos (numero_leito, paciente_id, tipo, status)
            SELECT 'UTI-0' || row_number() OVER (ORDER BY id), id, 'UTI', 'OCUPADO' FROM paciente_users;
        DELETE FROM leitos WHERE id = (SELECT max(id) FROM leitos);
        INSERT INTO estoques (tipo_item, nome, quantidade, unidade, data_validade) VALUES
            ('MEDICAMENTO', 'Dipirona 500 mg', 200, 'comprimido', '2026-01-31'),
            ('INSUMO', 'Gaze estéril', 50, 'pacote', NULL),
            ('EQUIPAMENTO', 'Monitor multiparamétrico', 1, 'unidade', NULL);
        DELETE FROM estoques WHERE tipo_item = 'EQUIPAMENTO';
        """;
}
