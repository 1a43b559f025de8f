using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The state of an appointment. Stored as the PostgreSQL enum <c>status</c>; member order is label order.</summary>
public enum StatusConsulta
{
    [PgName("AGENDADA")]
    Agendada,
    [PgName("REALIZADA")]
    Realizada,
    [PgName("CANCELADA")]
    Cancelada,
    [PgName("NAO_COMPARECEU")]
    NaoCompareceu,
    [PgName("REAGENDADA")]
    Reagendada,
    [PgName("PENDENTE")]
    Pendente,
}
