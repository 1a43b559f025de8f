using Microsoft.EntityFrameworkCore;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Auth;

/// <summary>How a sign-in ended.</summary>
public enum SignInStatus
{
    SignedIn,

    /// <summary>Unknown email, wrong password or inactive user: which one is not said, nor shown by the time taken.</summary>
    Refused,

    /// <summary>Too many password checks running and waiting: nothing was checked.</summary>
    Busy,
}

/// <summary>The outcome of a sign-in, and the email to put in the token when it succeeded.</summary>
public sealed record SignInResult(SignInStatus Status, string? Email = null);

/// <summary>The users who may sign in: found by email, checked against their hash; and the first administrators.</summary>
public sealed class UserAccounts(VidaPlusDbContext db, PasswordChecks checks)
{
    /// <summary>Signs in the active user whose password this is. An unknown email and an inactive user cost one
    /// password check each, as a wrong password does.</summary>
    public async Task<SignInResult> SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var account = await db.Users.AsNoTracking().Where(u => u.Email == email)
            .Select(u => new { u.Email, u.Senha, u.IsActive }).FirstOrDefaultAsync(cancellationToken);
        return await checks.CheckAsync(account?.Senha, password, cancellationToken) switch
        {
            PasswordCheck.Busy => new(SignInStatus.Busy),
            PasswordCheck.Matched when account!.IsActive => new(SignInStatus.SignedIn, account.Email),
            _ => new(SignInStatus.Refused),
        };
    }

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
