using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Api.Auth;

/// <summary>
/// Sign-in and tokens that interoperate with the Python app: its password hashes and its tokens, made here by the
/// same libraries it uses, work; anything else is 401, and only superusers manage beds and stock.
/// </summary>
public sealed class AuthTests : ApiOverItsOwnDatabase
{
    private const string Password = TestPatients.Password;
    private const string Patient = TestPatients.Active;
    private const string Inactive = TestPatients.Inactive;

    private int _patientId;

    protected override async Task SeedAsync(TestDatabase database)
    {
        // Hashed by argon2-cffi: its own defaults for one, pwdlib's parameters for the other.
        var defaults = await IndependentPython.HashAsync(Password, 102400, 2, 8);
        var pwdlib = await IndependentPython.HashAsync(Password, 65536, 3, 4);
        await TestPatients.SeedAsync(database, defaults, pwdlib);
        _patientId = await database.ScalarAsync<int>($"SELECT id FROM users WHERE email = '{Patient}'");
        await database.ExecuteAsync($"""
            INSERT INTO leitos (numero_leito, paciente_id, tipo, status) VALUES ('MEU', {_patientId}, 'UTI', 'OCUPADO'),
                ('OUTRO', NULL, 'UTI', 'LIVRE');
            """);
    }

    [Fact]
    public async Task PythonHashes_SignIn_AndTheTokenWorksAndRefreshes_WrongOrInactiveIs401()
    {
        var signIn = await SignInAsync(Patient, Password);
        var wrong = await SignInAsync(Patient, "not it");
        var inactive = await SignInAsync(Inactive, Password);
        Assert.True(signIn.StatusCode == HttpStatusCode.OK, $"{signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync()}");
        var token = (await Json(signIn))["access_token"]!.GetValue<string>();

        Assert.Equal("bearer", (await Json(signIn))["token_type"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, inactive.StatusCode));
        Assert.Equal("""{"detail":"Incorrect email or password"}""", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await AsAsync(token, HttpMethod.Get, "/leitos")).StatusCode);
        var refreshed = await AsAsync(token, HttpMethod.Post, "/auth/token/refresh_token");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AsAsync((await Json(refreshed))["access_token"]!.GetValue<string>(), HttpMethod.Get, "/leitos")).StatusCode);
    }

    [Fact]
    public async Task PyJwtTokens_AreAccepted_AndExpiredTamperedWrongAlgorithmUnknownOrInactiveOnesAre401()
    {
        var good = await IndependentPython.TokenAsync(Patient, 600, TestSecrets.Key);
        var tokens = new Dictionary<string, string>
        {
            ["expired"] = await IndependentPython.TokenAsync(Patient, -60, TestSecrets.Key),
            ["tampered"] = good[..^2] + (good[^2] == 'A' ? "BB" : "AA"),
            ["another key"] = await IndependentPython.TokenAsync(Patient, 600, TestSecrets.Key + "x"),
            ["another algorithm"] = await IndependentPython.TokenAsync(Patient, 600, TestSecrets.Key, "HS512"),
            ["no sub"] = await IndependentPython.TokenAsync(null, 600, TestSecrets.Key),
            ["unknown user"] = await IndependentPython.TokenAsync("nobody@tests.vidaplus", 600, TestSecrets.Key),
            ["inactive user"] = await IndependentPython.TokenAsync(Inactive, 600, TestSecrets.Key),
            ["not a token"] = "abc.def",
        };

        Assert.Equal(HttpStatusCode.OK, (await AsAsync(good, HttpMethod.Get, "/leitos")).StatusCode);
        foreach (var (why, token) in tokens)
        {
            var response = await AsAsync(token, HttpMethod.Get, "/leitos");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {response.StatusCode}");
            Assert.Equal("""{"detail":"Could not validate credentials"}""", await response.Content.ReadAsStringAsync());
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task OnlySuperusersManage_APatientSeesOnlyTheirOwnBeds_AndNothingWithoutAToken()
    {
        var patient = await IndependentPython.TokenAsync(Patient, 600, TestSecrets.Key);

        var mine = await Json(await AsAsync(patient, HttpMethod.Get, "/leitos"));
        Assert.Equal(["MEU"], mine["leitos"]!.AsArray().Select(l => l!["numero_leito"]!.GetValue<string>()));
        Assert.Equal(2, (await Json(await Client.GetAsync("/leitos")))["leitos"]!.AsArray().Count);
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/estoque"), (HttpMethod.Get, "/leitos/1"), (HttpMethod.Delete, "/leitos/1"),
            (HttpMethod.Post, "/leitos"), (HttpMethod.Get, "/db/status") })
        {
            var forbidden = await AsAsync(patient, method, path);
            Assert.True(forbidden.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {forbidden.StatusCode}");
            Assert.Contains("\"detail\":", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        foreach (var path in new[] { "/leitos", "/estoque", "/leitos/1", "/db/status" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Api.CreateClient().GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await Api.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(2, await Database.ScalarAsync<long>("SELECT count(*) FROM leitos"));
    }

    [Fact]
    public async Task NoPasswordOrTokenReachesTheLogs()
    {
        var token = (await Json(await SignInAsync(Patient, Password)))["access_token"]!.GetValue<string>();
        await AsAsync(token, HttpMethod.Get, "/leitos");
        await AsAsync(token + "x", HttpMethod.Get, "/leitos");
        await SignInAsync(Patient, "wrong " + Password);

        Assert.DoesNotContain(Api.Logs, l => l.Contains(Password, StringComparison.Ordinal)
            || l.Contains(token[..20], StringComparison.Ordinal) || l.Contains(TestSecrets.Key, StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        Api.CreateClient().PostAsync("/auth/token/", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = email, ["password"] = password }));

    private async Task<HttpResponseMessage> AsAsync(string token, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method == HttpMethod.Post && path == "/leitos")
        {
            request.Content = JsonContent.Create(new { numero_leito = "X", tipo = "UTI", status = "Livre" });
        }
        return await Api.CreateClient().SendAsync(request);
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
