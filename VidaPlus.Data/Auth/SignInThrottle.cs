using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace VidaPlus.Data.Auth;

/// <summary>
/// Failed sign-ins, counted per account and per client address in fixed windows by .NET's rate limiter: once either
/// has used up its failures, every try from it is refused (429) until its window ends, the right password too; then
/// the right password works again. Only failures count, so a user who signs in often is never limited.
/// </summary>
public sealed class SignInThrottle(SignInOptions options, ILogger<SignInThrottle> logger) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _accounts = Failures(options.FailuresPerAccount, options.FailureWindow);
    private readonly PartitionedRateLimiter<string> _addresses = Failures(options.FailuresPerAddress, options.FailureWindow);

    /// <summary>How long <paramref name="email"/> or <paramref name="address"/> must wait before another try; null
    /// when both may try now. Asking uses nothing up.</summary>
    internal TimeSpan? Refusal(string email, string address)
    {
        using var account = _accounts.AttemptAcquire(Account(email), 0);
        using var from = _addresses.AttemptAcquire(address, 0);
        return account.IsAcquired && from.IsAcquired ? null : new[] { account, from }
            .Select(lease => lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.FailureWindow)
            .Max();
    }

    /// <summary>Counts a failed sign-in against the account and the address, and logs it (the account masked and
    /// hashed, never the password).</summary>
    internal void Failed(string email, string address)
    {
        using var account = _accounts.AttemptAcquire(Account(email));
        using var from = _addresses.AttemptAcquire(address);
        var limited = Refusal(email, address) is { } wait
            ? $"; further tries refused for {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s" : "";
        logger.LogWarning("Sign-in refused for {Account} from {Address}{Limited}", Masked(email), address, limited);
    }

    public void Dispose()
    {
        _accounts.Dispose();
        _addresses.Dispose();
    }

    private static PartitionedRateLimiter<string> Failures(int limit, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0 }));

    // Emails are matched exactly at sign-in, but counting Ana@ and ana@ apart would double an attacker's tries.
    private static string Account(string email) => email.Trim().ToLowerInvariant();

    /// <summary>"a***@vidaplus.test #3f2a9c01": enough to tell accounts apart in the log and match a report against
    /// <c>sha256(lower(email))</c>, not enough to read the address off it.</summary>
    internal static string Masked(string email)
    {
        var account = Account(email);
        var at = account.IndexOf('@', StringComparison.Ordinal);
        var shown = at > 0 ? $"{account[0]}***{account[at..]}" : "***";
        return $"{shown} #{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account)))[..8]}";
    }
}
