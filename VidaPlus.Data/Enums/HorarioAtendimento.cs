using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The shift a professional works. Stored as the PostgreSQL enum <c>horarioatendimento</c>; member order is label order.</summary>
public enum HorarioAtendimento
{
    [PgName("MANHA")]
    Manha,
    [PgName("TARDE")]
    Tarde,
    [PgName("NOITE")]
    Noite,
    [PgName("INTEGRAL")]
    Integral,
    [PgName("PLANTAO_12H")]
    Plantao12h,
    [PgName("PLANTAO_24H")]
    Plantao24h,
}
