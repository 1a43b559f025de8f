using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The kind of stock item. Stored as the PostgreSQL enum <c>tipoitem</c>; member order is label order. In JSON,
/// the Python API's values (<c>JsonStringEnumMemberName</c>), which its clients read and write.</summary>
public enum TipoItem
{
    [PgName("MEDICAMENTO"), JsonStringEnumMemberName("Medicamento")]
    Medicamento,
    [PgName("INSUMO"), JsonStringEnumMemberName("Insumo")]
    Insumo,
    [PgName("EQUIPAMENTO"), JsonStringEnumMemberName("Equipamento")]
    Equipamento,
}
