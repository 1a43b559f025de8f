using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The state of an exam. Stored as the PostgreSQL enum <c>statusexame</c>; member order is label order.</summary>
public enum StatusExame
{
    [PgName("AGUARDANDO")]
    Aguardando,
    [PgName("REALIZADO")]
    Realizado,
    [PgName("CONCLUIDO")]
    Concluido,
    [PgName("CANCELADO")]
    Cancelado,
}
