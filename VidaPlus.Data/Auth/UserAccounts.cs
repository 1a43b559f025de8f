using Microsoft.EntityFrameworkCore;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Auth;

/// <summary>The users who may sign in: looked up by email (the token's <c>sub</c>), checked against their hash.</summary>
public sealed class UserAccounts(VidaPlusDbContext db)
{
    /// <summary>The active user with this email; null for an unknown or inactive one.</summary>
    public Task<User?> FindActiveAsync(string email, CancellationToken cancellationToken = default) =>
        db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email && u.IsActive, cancellationToken);

    /// <summary>The active user whose password this is; null otherwise (which one failed is not said).</summary>
    public async Task<User?> SignInAsync(string email, string password, CancellationToken cancellationToken = default) =>
        await FindActiveAsync(email, cancellationToken) is { } user && PasswordHash.Verify(user.Senha, password) ? user : null;

    /// <summary>A new administrator, with the password hashed as the Python app hashes it.</summary>
    /// <exception cref="InvalidOperationException">A user with this email exists.</exception>
    public async Task<User> AddAdminAsync(string email, string nome, string password, bool superuser, CancellationToken cancellationToken = default)
    {
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            throw new InvalidOperationException($"A user with email {email} already exists; nothing was changed.");
        }
        var user = new AdminUser { Email = email, Nome = nome, Senha = PasswordHash.Hash(password), IsActive = true, IsSuperuser = superuser };
        db.AdminUsers.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }
}
