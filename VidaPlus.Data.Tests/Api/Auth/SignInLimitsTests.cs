using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Api.Auth;

/// <summary>
/// What bounds sign-in: failures limited per account and per address (429, then the right password works again),
/// password checks limited in number with a short queue (503 beyond it, every kind of sign-in taking its check),
/// and the user behind a token read once, as two columns, only where authorization asks.
/// </summary>
[Collection(NpgsqlSpansCollection.Name)]
public sealed class SignInLimitsTests : IAsyncLifetime
{
    private const string Password = TestPatients.Password;
    private const string Patient = TestPatients.Active;
    private const string Inactive = TestPatients.Inactive;

    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAtAsync(Revisions.Head);
        var hash = await IndependentPython.HashAsync(Password, 65536, 3, 4);
        await TestPatients.SeedAsync(_database, hash, hash);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task FailuresPerAccount_AreLimited_429WithRetryAfter_LoggedMasked_ThenTheRightPasswordWorksAgain()
    {
        // A window the three failures fit in even on a busy machine (a check in a Debug build takes about 0.5 s, and several
        // times that while the rest of the suite runs: 10 s was seen to run out), yet short enough to wait out below.
        await using var api = new ApiHost(_database.ConnectionString, ("AUTH_FAILURES_PER_ACCOUNT", "3"), ("AUTH_FAILURE_WINDOW", "25s"));
        using var client = await api.AnonymousClientAsync();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, Patient, $"wrong-{attempt}")).StatusCode);
        }
        var limited = await SignInAsync(client, Patient, Password);
        var otherAccount = await SignInAsync(client, Inactive, "wrong");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("""{"detail":"Too many failed sign-ins; try again later."}""", await limited.Content.ReadAsStringAsync());
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 25);
        Assert.Equal(HttpStatusCode.Unauthorized, otherAccount.StatusCode);
        var failures = api.Logs.Where(line => line.StartsWith("Warning: Sign-in refused for p***@tests.vidaplus #", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 3, $"Expected a Warning per failure, got:\n{string.Join("\n", api.Logs)}");
        Assert.Matches("; further tries refused for ([1-9]|1[0-9]|2[0-5]) s $", failures[^1]);
        Assert.DoesNotContain(api.Logs, line => line.Contains("wrong-", StringComparison.Ordinal) || line.Contains(Password, StringComparison.Ordinal)
            || line.Contains(Patient, StringComparison.Ordinal));
        await WaitForAsync(async () => (await SignInAsync(client, Patient, Password)).StatusCode == HttpStatusCode.OK, "the right password working after the window");
    }

    [Fact]
    public async Task FailuresFromOneAddress_AcrossAccounts_AreLimited()
    {
        await using var api = new ApiHost(_database.ConnectionString, ("AUTH_FAILURES_PER_ADDRESS", "3"), ("AUTH_FAILURE_WINDOW", "1min"));
        using var client = await api.AnonymousClientAsync();

        foreach (var email in new[] { "a@tests.vidaplus", "b@tests.vidaplus", Inactive })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, email, Password)).StatusCode);
        }
        var limited = await SignInAsync(client, Patient, Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
    }

    [Fact]
    public async Task BeyondTheQueue_UnknownInactiveAndWrongSignInsAre503Alike_AndLivenessKeepsAnswering()
    {
        // One check at a time, one waiting: an unknown email or an inactive user that skipped its check would never be busy.
        await using var api = new ApiHost(_database.ConnectionString, ("AUTH_CONCURRENT_CHECKS", "1"), ("AUTH_CHECK_QUEUE", "1"),
            ("AUTH_FAILURES_PER_ACCOUNT", "100"), ("AUTH_FAILURES_PER_ADDRESS", "100"));
        using var client = await api.AnonymousClientAsync();

        foreach (var (email, password) in new[] { ("nobody@tests.vidaplus", Password), (Inactive, Password), (Patient, "wrong") })
        {
            var burst = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SignInAsync(client, email, password)));
            var live = await client.GetAsync("/health/live");

            var statuses = burst.Select(r => r.StatusCode).ToList();
            Assert.True(statuses.Contains(HttpStatusCode.ServiceUnavailable) && statuses.Contains(HttpStatusCode.Unauthorized)
                && statuses.All(s => s is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Unauthorized), $"{email}: {string.Join(", ", statuses)}");
            var busy = burst.First(r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(1), busy.Headers.RetryAfter?.Delta);
            Assert.Equal("""{"detail":"Too many sign-ins at once; try again shortly."}""", await busy.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
    }

    [Fact]
    public async Task TheUserBehindAToken_IsReadOnceAsTwoColumns_AndNotAtAllOnAnonymousRoutes()
    {
        await using var api = new ApiHost(_database.ConnectionString, ("AUTH_USER_CACHE", "1min"));
        using var client = await api.AnonymousClientAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await IndependentPython.TokenAsync(Patient, 600, TestSecrets.Key));
        using var log = new StatementLog(_database.Name);

        for (var request = 0; request < 5; request++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        var anonymous = log.Take();
        for (var request = 0; request < 3; request++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/leitos/")).StatusCode);
        }
        var lookups = log.Take().Where(sql => sql.Contains("FROM users", StringComparison.Ordinal)).ToList();

        Assert.Empty(anonymous);
        Assert.True(lookups.Count == 1, $"Expected one lookup of the user, got:\n{string.Join("\n", lookups)}");
        Assert.DoesNotContain("senha", lookups[0], StringComparison.Ordinal);
        Assert.DoesNotContain("JOIN", lookups[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeactivatedUser_LosesAccessOnceTheCacheTimeHasPassed()
    {
        await using var api = new ApiHost(_database.ConnectionString, ("AUTH_USER_CACHE", "1s"));
        using var client = await api.AnonymousClientAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await IndependentPython.TokenAsync(Patient, 600, TestSecrets.Key));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/leitos/")).StatusCode);

        await _database.ExecuteAsync($"UPDATE users SET is_active = false WHERE email = '{Patient}'");

        await WaitForAsync(async () => (await client.GetAsync("/leitos/")).StatusCode == HttpStatusCode.Unauthorized, "the deactivated user refused");
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        client.PostAsync("/auth/token/", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = email, ["password"] = password }));

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"After 30 s, no {what}.");
            await Task.Delay(250);
        }
    }
}
