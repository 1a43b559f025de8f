using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>A health professional's specialty. Stored as the PostgreSQL enum <c>especialidade</c>; member order is label order.</summary>
public enum Especialidade
{
    [PgName("CLINICA_GERAL")]
    ClinicaGeral,
    [PgName("DERMATOLOGIA")]
    Dermatologia,
    [PgName("GINECOLOGIA")]
    Ginecologia,
    [PgName("ORTOPEDIA")]
    Ortopedia,
    [PgName("PEDIATRIA")]
    Pediatria,
    [PgName("PSIQUIATRIA")]
    Psiquiatria,
    [PgName("PSICOLOGIA")]
    Psicologia,
    [PgName("NUTRICAO")]
    Nutricao,
    [PgName("FISIOTERAPIA")]
    Fisioterapia,
    [PgName("ODONTOLOGIA")]
    Odontologia,
}
