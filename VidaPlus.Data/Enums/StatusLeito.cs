using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The state of a hospital bed. Stored as the PostgreSQL enum <c>statusleito</c>; member order is label order. In JSON,
/// the Python API's values (<c>JsonStringEnumMemberName</c>), which its clients read and write.</summary>
public enum StatusLeito
{
    [PgName("OCUPADO"), JsonStringEnumMemberName("Ocupado")]
    Ocupado,
    [PgName("LIVRE"), JsonStringEnumMemberName("Livre")]
    Livre,
    [PgName("RESERVADO"), JsonStringEnumMemberName("Reservado")]
    Reservado,
    [PgName("EM_MANUTENCAO"), JsonStringEnumMemberName("Em Manutenção")]
    EmManutencao,
}
