using System.Text.Json.Serialization;
using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The kind of hospital bed. Stored as the PostgreSQL enum <c>tipoleito</c>; member order is label order. In JSON,
/// the Python API's values (<c>JsonStringEnumMemberName</c>), which its clients read and write.</summary>
public enum TipoLeito
{
    [PgName("UTI"), JsonStringEnumMemberName("UTI")]
    Uti,
    [PgName("ENFERMARIA"), JsonStringEnumMemberName("Enfermaria")]
    Enfermaria,
    [PgName("EMERGENCIA"), JsonStringEnumMemberName("Emergência")]
    Emergencia,
    [PgName("ISOLAMENTO"), JsonStringEnumMemberName("Isolamento")]
    Isolamento,
    [PgName("SEMI_INTENSIVO"), JsonStringEnumMemberName("Semi-Intensivo")]
    SemiIntensivo,
    [PgName("PEDIATRICO"), JsonStringEnumMemberName("Pediátrico")]
    Pediatrico,
    [PgName("NEONATAL"), JsonStringEnumMemberName("Neonatal")]
    Neonatal,
    [PgName("PSIQUIATRICO"), JsonStringEnumMemberName("Psiquiátrico")]
    Psiquiatrico,
}
