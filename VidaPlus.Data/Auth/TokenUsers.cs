using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace VidaPlus.Data.Auth;

/// <summary>What authorization needs of the user behind a token.</summary>
public sealed record TokenUser(int Id, bool IsSuperuser);

/// <summary>
/// The active user behind a token's <c>sub</c>, read as two columns and remembered for
/// <see cref="SignInOptions.UserCache"/>: a request then costs no round trip, and a user deactivated or deleted
/// loses access that long after at most.
/// </summary>
public sealed class TokenUsers(VidaPlusDbContext db, IMemoryCache cache, SignInOptions options)
{
    /// <summary>The active user with this email; null for an unknown or inactive one (remembered too).</summary>
    public async Task<TokenUser?> FindAsync(string email, CancellationToken cancellationToken)
    {
        if (options.UserCache == TimeSpan.Zero)
        {
            return await ReadAsync(email, cancellationToken);
        }
        if (cache.TryGetValue((typeof(TokenUsers), email), out TokenUser? known))
        {
            return known;
        }
        var user = await ReadAsync(email, cancellationToken);
        cache.Set((typeof(TokenUsers), email), user, options.UserCache);
        return user;
    }

    private Task<TokenUser?> ReadAsync(string email, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Email == email && u.IsActive)
            .Select(u => new TokenUser(u.Id, u.IsSuperuser)).FirstOrDefaultAsync(cancellationToken);
}
