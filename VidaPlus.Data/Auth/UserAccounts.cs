using Microsoft.EntityFrameworkCore;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Auth;

/// <summary>The administrators added by `user add`, their passwords hashed as the Python app hashes them.</summary>
public sealed class UserAccounts(VidaPlusDbContext db, PasswordChecks checks)
{
    /// <summary>A new administrator, with the password hashed as the Python app hashes it.</summary>
    /// <exception cref="InvalidOperationException">A user with this email exists.</exception>
    public async Task<User> AddAdminAsync(string email, string nome, string password, bool superuser, CancellationToken cancellationToken = default)
    {
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            throw new InvalidOperationException($"A user with email {email} already exists; nothing was changed.");
        }
        var user = new AdminUser { Email = email, Nome = nome, Senha = await checks.HashAsync(password, cancellationToken), IsActive = true, IsSuperuser = superuser };
        db.AdminUsers.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }
}
