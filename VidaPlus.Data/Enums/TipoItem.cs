using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The kind of stock item. Stored as the PostgreSQL enum <c>tipoitem</c>; member order is label order.</summary>
public enum TipoItem
{
    [PgName("MEDICAMENTO")]
    Medicamento,
    [PgName("INSUMO")]
    Insumo,
    [PgName("EQUIPAMENTO")]
    Equipamento,
}
