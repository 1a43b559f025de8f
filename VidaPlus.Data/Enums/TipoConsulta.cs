using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>Whether an appointment is remote or in person. Stored as the PostgreSQL enum <c>tipoconsulta</c>; member order is label order.</summary>
public enum TipoConsulta
{
    [PgName("TELECONSULTA")]
    Teleconsulta,
    [PgName("PRESENCIAL")]
    Presencial,
}
