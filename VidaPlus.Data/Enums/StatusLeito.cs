using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The state of a hospital bed. Stored as the PostgreSQL enum <c>statusleito</c>; member order is label order.</summary>
public enum StatusLeito
{
    [PgName("OCUPADO")]
    Ocupado,
    [PgName("LIVRE")]
    Livre,
    [PgName("RESERVADO")]
    Reservado,
    [PgName("EM_MANUTENCAO")]
    EmManutencao,
}
