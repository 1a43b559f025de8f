using Microsoft.EntityFrameworkCore;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Data.Auth;

/// <summary>How a sign-in ended.</summary>
public enum SignInStatus
{
    SignedIn,

    /// <summary>Unknown email, wrong password or inactive user: which one is not said, nor shown by the time taken.</summary>
    Refused,

    /// <summary>The account or the client address has used up its failures: nothing was checked.</summary>
    Limited,

    /// <summary>Too many password checks running and waiting: nothing was checked.</summary>
    Busy,
}

/// <summary>The outcome of a sign-in: the email to put in the token when it succeeded, how long to wait when limited.</summary>
public sealed record SignInResult(SignInStatus Status, string? Email = null, TimeSpan? RetryAfter = null);

/// <summary>
/// A sign-in as the Python app's clients make it: refused at once while the account or the address is limited
/// (<see cref="SignInThrottle"/>), then the user found by email and checked against their hash. An unknown email and
/// an inactive user cost one password check each, as a wrong password does; each failure is counted and logged.
/// </summary>
public sealed class SignIns(VidaPlusDbContext db, PasswordChecks checks, SignInThrottle throttle)
{
    /// <param name="address">The client's address, for the per-address limit.</param>
    public async Task<SignInResult> SignInAsync(string email, string password, string address, CancellationToken cancellationToken = default)
    {
        if (throttle.Refusal(email, address) is { } wait)
        {
            return Failed(new(SignInStatus.Limited, RetryAfter: wait));
        }
        var account = await db.Users.AsNoTracking().Where(u => u.Email == email)
            .Select(u => new { u.Email, u.Senha, u.IsActive }).FirstOrDefaultAsync(cancellationToken);
        switch (await checks.CheckAsync(account?.Senha, password, cancellationToken))
        {
            case PasswordCheck.Busy:
                return Failed(new(SignInStatus.Busy));
            case PasswordCheck.Matched when account!.IsActive:
                return new(SignInStatus.SignedIn, account.Email);
            default:
                throttle.Failed(email, address);
                return Failed(new(SignInStatus.Refused));
        }
    }

    private static SignInResult Failed(SignInResult result)
    {
        VidaPlusTelemetry.SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", result.Status.ToString().ToLowerInvariant()));
        return result;
    }
}
