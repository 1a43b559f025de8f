using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The kind of exam. Stored as the PostgreSQL enum <c>tipoexame</c>; member order is label order.</summary>
public enum TipoExame
{
    [PgName("HEMOGRAMA")]
    Hemograma,
    [PgName("RAIO_X")]
    RaioX,
    [PgName("ULTRASSOM")]
    Ultrassom,
    [PgName("TOMOGRAFIA")]
    Tomografia,
    [PgName("RESSONANCIA")]
    Ressonancia,
    [PgName("ELETROCARDIOGRAMA")]
    Eletrocardiograma,
    [PgName("GLICEMIA")]
    Glicemia,
    [PgName("COLESTEROL")]
    Colesterol,
}
