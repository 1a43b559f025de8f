using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The kind of prescription. Stored as the PostgreSQL enum <c>tipoprescricao</c>; member order is label order.</summary>
public enum TipoPrescricao
{
    [PgName("MEDICACAO_CONTINUA")]
    MedicacaoContinua,
    [PgName("MEDICACAO_TEMPORARIA")]
    MedicacaoTemporaria,
    [PgName("ANTIBIOTICO")]
    Antibiotico,
    [PgName("ANALGESICO")]
    Analgesico,
    [PgName("RECEITA_ESPECIAL")]
    ReceitaEspecial,
}
