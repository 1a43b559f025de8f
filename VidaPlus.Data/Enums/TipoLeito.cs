using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The kind of hospital bed. Stored as the PostgreSQL enum <c>tipoleito</c>; member order is label order.</summary>
public enum TipoLeito
{
    [PgName("UTI")]
    Uti,
    [PgName("ENFERMARIA")]
    Enfermaria,
    [PgName("EMERGENCIA")]
    Emergencia,
    [PgName("ISOLAMENTO")]
    Isolamento,
    [PgName("SEMI_INTENSIVO")]
    SemiIntensivo,
    [PgName("PEDIATRICO")]
    Pediatrico,
    [PgName("NEONATAL")]
    Neonatal,
    [PgName("PSIQUIATRICO")]
    Psiquiatrico,
}
