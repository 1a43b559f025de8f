using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>An administrator (table <c>admin_users</c>).</summary>
public class AdminUser : User
{
    public AdminUser() => Tipo = UserRole.Admin;
}
