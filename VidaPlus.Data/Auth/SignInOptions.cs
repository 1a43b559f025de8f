namespace VidaPlus.Data.Auth;

/// <summary>
/// How sign-ins are bounded: password checks at once and waiting (beyond them: busy), failures allowed per account
/// and per client address within a window (beyond them: refused until the window passes), and how long the user
/// behind a token is remembered (an inactive or deleted user keeps access that long at most).
/// </summary>
public sealed record SignInOptions(int ConcurrentChecks, int CheckQueue, int FailuresPerAccount, int FailuresPerAddress, TimeSpan FailureWindow, TimeSpan UserCache)
{
    public const string ConcurrentChecksKey = "AUTH_CONCURRENT_CHECKS";
    public const string CheckQueueKey = "AUTH_CHECK_QUEUE";
    public const string FailuresPerAccountKey = "AUTH_FAILURES_PER_ACCOUNT";
    public const string FailuresPerAddressKey = "AUTH_FAILURES_PER_ADDRESS";
    public const string FailureWindowKey = "AUTH_FAILURE_WINDOW";
    public const string UserCacheKey = "AUTH_USER_CACHE";

    /// <summary>One check per core (each is CPU-bound), 32 waiting, 10 failures per account and 50 per address in
    /// 15 minutes, users remembered 5 s.</summary>
    public static SignInOptions Default { get; } = new(Environment.ProcessorCount, 32, 10, 50, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(5));
}
