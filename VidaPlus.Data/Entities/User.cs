using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>
/// A user account (table <c>users</c>). Each role has its own table joined on <c>id</c>
/// (EF Core table-per-type), as SQLAlchemy's joined-table inheritance had it.
/// </summary>
public class User
{
    public int Id { get; set; }
    public required string Nome { get; set; }
    public required string Email { get; set; }
    /// <summary>The password hash, never the password itself.</summary>
    public required string Senha { get; set; }
    public string? Telefone { get; set; }
    /// <summary>Set by the database (<c>now()</c>) when left unset.</summary>
    public DateTime CreatedAt { get; set; }
    public UserRole Tipo { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsSuperuser { get; set; }
}
