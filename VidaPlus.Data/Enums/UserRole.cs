using NpgsqlTypes;

namespace VidaPlus.Data.Enums;

/// <summary>The role a user account has. Stored as the PostgreSQL enum <c>userrole</c>; member order is label order.</summary>
public enum UserRole
{
    [PgName("ADMIN")]
    Admin,
    [PgName("PACIENTE")]
    Paciente,
    [PgName("PROFISSIONAL")]
    Profissional,
}
