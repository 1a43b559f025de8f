using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using NpgsqlTypes;
using VidaPlus.Data.Enums;

namespace VidaPlus.Data;

/// <summary>
/// The PostgreSQL enum types of the schema, each named once. Npgsql's <c>MapEnum</c> alone would create the
/// labels in alphabetical order and <c>HasPostgresEnum</c> alone would map the columns to integer, so both are
/// applied: the mapping for reads and writes, the model annotation for the label order, which is PostgreSQL's
/// sort order for the type.
/// </summary>
public static class PostgresEnums
{
    /// <summary>Each CLR enum with its PostgreSQL type name.</summary>
    public static IReadOnlyList<(Type ClrType, string Name)> All { get; } =
    [
        (typeof(UserRole), "userrole"),
        (typeof(Especialidade), "especialidade"),
        (typeof(HorarioAtendimento), "horarioatendimento"),
        (typeof(StatusConsulta), "status"),
        (typeof(TipoConsulta), "tipoconsulta"),
        (typeof(TipoExame), "tipoexame"),
        (typeof(StatusExame), "statusexame"),
        (typeof(TipoPrescricao), "tipoprescricao"),
        (typeof(TipoItem), "tipoitem"),
        (typeof(TipoLeito), "tipoleito"),
        (typeof(StatusLeito), "statusleito"),
    ];

    /// <summary>The stored labels of an enum, in declaration order, from each member's <see cref="PgNameAttribute"/>.</summary>
    public static string[] Labels(Type clrType) =>
        [.. clrType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => f.GetRawConstantValue())
            .Select(f => f.GetCustomAttribute<PgNameAttribute>()?.PgName
                ?? throw new InvalidOperationException($"{clrType.Name}.{f.Name} has no [PgName] label."))];

    /// <summary>The stored label of an enum value (its member's <see cref="PgNameAttribute"/>); anything else as text.</summary>
    internal static string? Label(object? value) =>
        value is Enum member
            ? member.GetType().GetField(member.ToString())?.GetCustomAttribute<PgNameAttribute>()?.PgName ?? member.ToString()
            : value?.ToString();

    internal static void MapAll(NpgsqlDbContextOptionsBuilder npgsql)
    {
        foreach (var (clrType, name) in All)
        {
            npgsql.MapEnum(clrType, name);
        }
    }

    internal static void DeclareAll(ModelBuilder modelBuilder)
    {
        foreach (var (clrType, name) in All)
        {
            modelBuilder.HasPostgresEnum(name, Labels(clrType));
        }
    }
}
