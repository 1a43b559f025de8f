using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Migrations;

/// <summary>
/// The VidaPlus schema as the specification states it, one line per object in <see cref="Data.Schema.DatabaseSchema"/>'s
/// rendering, after each migration. Written out by hand, not captured from a database: a migration that changes any
/// of it must change this file too, in the same review.
/// </summary>
internal static class ExpectedSchema
{
    public static readonly IReadOnlyList<string> Head = Lines("""
        enum especialidade (CLINICA_GERAL, DERMATOLOGIA, GINECOLOGIA, ORTOPEDIA, PEDIATRIA, PSIQUIATRIA, PSICOLOGIA, NUTRICAO, FISIOTERAPIA, ODONTOLOGIA)
        enum horarioatendimento (MANHA, TARDE, NOITE, INTEGRAL, PLANTAO_12H, PLANTAO_24H)
        enum status (AGENDADA, REALIZADA, CANCELADA, NAO_COMPARECEU, REAGENDADA, PENDENTE)
        enum statusexame (AGUARDANDO, REALIZADO, CONCLUIDO, CANCELADO)
        enum statusleito (OCUPADO, LIVRE, RESERVADO, EM_MANUTENCAO)
        enum tipoconsulta (TELECONSULTA, PRESENCIAL)
        enum tipoexame (HEMOGRAMA, RAIO_X, ULTRASSOM, TOMOGRAFIA, RESSONANCIA, ELETROCARDIOGRAMA, GLICEMIA, COLESTEROL)
        enum tipoitem (MEDICAMENTO, INSUMO, EQUIPAMENTO)
        enum tipoleito (UTI, ENFERMARIA, EMERGENCIA, ISOLAMENTO, SEMI_INTENSIVO, PEDIATRICO, NEONATAL, PSIQUIATRICO)
        enum tipoprescricao (MEDICACAO_CONTINUA, MEDICACAO_TEMPORARIA, ANTIBIOTICO, ANALGESICO, RECEITA_ESPECIAL)
        enum userrole (ADMIN, PACIENTE, PROFISSIONAL)

        table users
        column users.created_at timestamp with time zone not null default now()
        column users.email character varying(255) not null
        column users.id integer not null identity by default
        column users.is_active boolean not null
        column users.is_superuser boolean not null
        column users.nome character varying(255) not null
        column users.senha character varying(255) not null
        column users.telefone character varying(20) null
        column users.tipo userrole not null
        primary key users PK_users (id)
        index users ix_users_email unique btree (email)

        table admin_users
        column admin_users.id integer not null
        primary key admin_users PK_admin_users (id)
        foreign key admin_users fk_admin_users_users_id (id) references users (id) on delete CASCADE

        table paciente_users
        column paciente_users.bairro character varying(100) not null
        column paciente_users.cep character varying(10) not null
        column paciente_users.cidade character varying(100) not null
        column paciente_users.complemento character varying(100) null
        column paciente_users.cpf character varying(14) not null
        column paciente_users.data_nascimento date not null
        column paciente_users.endereco character varying(255) not null
        column paciente_users.estado character varying(2) not null
        column paciente_users.id integer not null
        column paciente_users.numero integer not null
        primary key paciente_users PK_paciente_users (id)
        foreign key paciente_users fk_paciente_users_users_id (id) references users (id) on delete CASCADE
        index paciente_users ix_paciente_users_cpf unique btree (cpf)

        table profissional_users
        column profissional_users.biografia character varying(255) null
        column profissional_users.crmCoren character varying(10) not null
        column profissional_users.especialidade especialidade not null
        column profissional_users.horario_atendimento horarioatendimento not null
        column profissional_users.id integer not null
        primary key profissional_users PK_profissional_users (id)
        foreign key profissional_users fk_profissional_users_users_id (id) references users (id) on delete CASCADE
        index profissional_users ix_profissional_users_crmCoren unique btree (crmCoren)

        table prontuarios
        column prontuarios.id integer not null identity by default
        column prontuarios.paciente_id integer not null
        primary key prontuarios pk_prontuarios (id)
        foreign key prontuarios fk_prontuarios_paciente_users_paciente_id (paciente_id) references paciente_users (id) on delete NO ACTION
        index prontuarios ix_prontuarios_paciente_id btree (paciente_id)

        table consultas
        column consultas.data date not null
        column consultas.hora time without time zone not null
        column consultas.id integer not null identity by default
        column consultas.link character varying(255) null
        column consultas.observacao character varying(255) null
        column consultas.paciente_id integer not null
        column consultas.profissional_id integer not null
        column consultas.prontuario_id integer not null
        column consultas.status status not null
        column consultas.tipoConsulta tipoconsulta not null
        primary key consultas pk_consultas (id)
        foreign key consultas fk_consultas_paciente_users_paciente_id (paciente_id) references paciente_users (id) on delete NO ACTION
        foreign key consultas fk_consultas_profissional_users_profissional_id (profissional_id) references profissional_users (id) on delete NO ACTION
        foreign key consultas fk_consultas_prontuarios_prontuario_id (prontuario_id) references prontuarios (id) on delete NO ACTION
        index consultas ix_consultas_paciente_id btree (paciente_id)
        index consultas ix_consultas_profissional_id btree (profissional_id)
        index consultas ix_consultas_prontuario_id btree (prontuario_id)

        table exames
        column exames.data date not null
        column exames.id integer not null identity by default
        column exames.observacao character varying(255) null
        column exames.paciente_id integer not null
        column exames.prontuario_id integer not null
        column exames.resultado character varying(255) null
        column exames.status statusexame not null
        column exames.tipo tipoexame not null
        primary key exames pk_exames (id)
        foreign key exames fk_exames_paciente_users_paciente_id (paciente_id) references paciente_users (id) on delete NO ACTION
        foreign key exames fk_exames_prontuarios_prontuario_id (prontuario_id) references prontuarios (id) on delete NO ACTION
        index exames ix_exames_paciente_id btree (paciente_id)
        index exames ix_exames_prontuario_id btree (prontuario_id)

        table prescricoes
        column prescricoes.data date not null
        column prescricoes.id integer not null identity by default
        column prescricoes.medicamentos character varying(255) not null
        column prescricoes.observacao character varying(255) null
        column prescricoes.paciente_id integer not null
        column prescricoes.profissional_id integer not null
        column prescricoes.prontuario_id integer not null
        column prescricoes.tipo_prescricao tipoprescricao not null
        primary key prescricoes pk_prescricoes (id)
        foreign key prescricoes fk_prescricoes_paciente_users_paciente_id (paciente_id) references paciente_users (id) on delete NO ACTION
        foreign key prescricoes fk_prescricoes_profissional_users_profissional_id (profissional_id) references profissional_users (id) on delete NO ACTION
        foreign key prescricoes fk_prescricoes_prontuarios_prontuario_id (prontuario_id) references prontuarios (id) on delete NO ACTION
        index prescricoes ix_prescricoes_paciente_id btree (paciente_id)
        index prescricoes ix_prescricoes_profissional_id btree (profissional_id)
        index prescricoes ix_prescricoes_prontuario_id btree (prontuario_id)

        table estoques
        column estoques.data_validade date null
        column estoques.id integer not null identity by default
        column estoques.nome character varying(255) not null
        column estoques.quantidade integer not null
        column estoques.tipo_item tipoitem not null
        column estoques.unidade character varying(50) not null
        primary key estoques pk_estoques (id)

        table leitos
        column leitos.id integer not null identity by default
        column leitos.numero_leito character varying(10) not null
        column leitos.paciente_id integer null
        column leitos.status statusleito not null
        column leitos.tipo tipoleito not null
        primary key leitos pk_leitos (id)
        foreign key leitos fk_leitos_paciente_users_paciente_id (paciente_id) references paciente_users (id) on delete NO ACTION
        index leitos ix_leitos_paciente_id btree (paciente_id)
        """);

    /// <summary>Before MakeLeitoPacienteOptional, every bed had a patient.</summary>
    public static readonly IReadOnlyList<string> AfterAddEstoquesAndLeitos = [.. Head.Select(line =>
        line == "column leitos.paciente_id integer null" ? "column leitos.paciente_id integer not null" : line)];

    /// <summary>Before AddEstoquesAndLeitos: no estoques, no leitos, and none of their enum types.</summary>
    public static readonly IReadOnlyList<string> AfterInitialSchema = [.. Head.Where(line =>
        !line.Contains(" estoques", StringComparison.Ordinal) && !line.Contains(" leitos", StringComparison.Ordinal) &&
        !line.StartsWith("enum tipoitem ", StringComparison.Ordinal) &&
        !line.StartsWith("enum tipoleito ", StringComparison.Ordinal) &&
        !line.StartsWith("enum statusleito ", StringComparison.Ordinal))];

    /// <summary>Each migration's expected schema; a new migration adds its own entry.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByRevision = new Dictionary<string, IReadOnlyList<string>>
    {
        [Revisions.InitialSchema] = AfterInitialSchema,
        [Revisions.AddEstoquesAndLeitos] = AfterAddEstoquesAndLeitos,
        [Revisions.MakeLeitoPacienteOptional] = Head,
        // xmin mapped as the row version of leitos and estoques: a system column, so the schema does not change.
        [Revisions.AddRowVersions] = Head,
    };

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
