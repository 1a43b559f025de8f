namespace VidaPlus.Data.Tests.Migrations;

/// <summary>
/// Representative rows for each migration, inserted right after it is applied, in SQL valid at that revision (the
/// entity classes only know head). A migration that adds a table adds rows for it here (DataSurvivalTests fail
/// while any table has none), and one that allows new kinds of values adds rows that use them. Ids are explicit so
/// later seeds can point at earlier rows.
/// </summary>
internal static class SeedData
{
    public static readonly IReadOnlyDictionary<string, string> ByMigrationName = new Dictionary<string, string>
    {
        ["InitialSchema"] = """
            INSERT INTO users (id, nome, email, senha, telefone, created_at, tipo, is_active, is_superuser) VALUES
                (1001, 'Ana Admin', 'ana@vidaplus.test', '$2b$12$hashA', NULL, '2024-01-02 03:04:05+00', 'ADMIN', true, true),
                (1002, 'Paulo Paciente', 'paulo@vidaplus.test', '$2b$12$hashP', '+55 11 91234-5678', '2024-02-03 04:05:06.789+00', 'PACIENTE', true, false),
                (1003, 'Dra. Clara Çedilha', 'clara@vidaplus.test', '$2b$12$hashC', NULL, '2024-03-04 05:06:07+00', 'PROFISSIONAL', false, false);
            INSERT INTO admin_users (id) VALUES (1001);
            INSERT INTO paciente_users (id, cpf, data_nascimento, endereco, complemento, numero, bairro, cidade, estado, cep)
                VALUES (1002, '123.456.789-09', '1980-05-17', 'Rua das Flores', 'Apto 12', 42, 'Centro', 'São Paulo', 'SP', '01001-000');
            INSERT INTO profissional_users (id, "crmCoren", especialidade, biografia, horario_atendimento)
                VALUES (1003, 'CRM123456', 'PEDIATRIA', 'Pediatra há 10 anos', 'PLANTAO_12H');
            INSERT INTO prontuarios (id, paciente_id) VALUES (2001, 1002);
            INSERT INTO consultas (id, data, hora, paciente_id, profissional_id, prontuario_id, status, "tipoConsulta", link, observacao) VALUES
                (3001, '2024-04-05', '14:30', 1002, 1003, 2001, 'AGENDADA', 'TELECONSULTA', 'https://meet.vidaplus.test/3001', NULL),
                (3002, '2024-04-06', '08:00:30', 1002, 1003, 2001, 'NAO_COMPARECEU', 'PRESENCIAL', NULL, 'Remarcar');
            INSERT INTO exames (id, paciente_id, prontuario_id, data, tipo, resultado, observacao, status) VALUES
                (4001, 1002, 2001, '2024-04-06', 'HEMOGRAMA', NULL, 'Jejum de 8h', 'AGUARDANDO'),
                (4002, 1002, 2001, '2024-04-07', 'RAIO_X', 'Sem alterações', NULL, 'CONCLUIDO');
            INSERT INTO prescricoes (id, data, paciente_id, profissional_id, prontuario_id, tipo_prescricao, medicamentos, observacao)
                VALUES (5001, '2024-04-05', 1002, 1003, 2001, 'ANTIBIOTICO', 'Amoxicilina 500mg 8/8h', NULL);
            """,
        ["AddEstoquesAndLeitos"] = """
            INSERT INTO estoques (id, tipo_item, nome, quantidade, unidade, data_validade) VALUES
                (6001, 'MEDICAMENTO', 'Dipirona 500mg', 1200, 'comprimido', '2027-12-31'),
                (6002, 'EQUIPAMENTO', 'Monitor multiparamétrico', 0, 'unidade', NULL);
            INSERT INTO leitos (id, numero_leito, paciente_id, tipo, status) VALUES
                (7001, 'UTI-01', 1002, 'UTI', 'OCUPADO');
            """,
        ["MakeLeitoPacienteOptional"] = """
            INSERT INTO leitos (id, numero_leito, paciente_id, tipo, status) VALUES
                (7002, 'ENF-12', NULL, 'ENFERMARIA', 'LIVRE'),
                (7003, 'PED-03', NULL, 'PEDIATRICO', 'EM_MANUTENCAO');
            """,
    };
}
