using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Api.Endpoints;

/// <summary>Writes that race each other: a bed is always exactly what one request said, and no race is a 500.</summary>
public sealed class ConcurrencyTests : ApiOverItsOwnDatabase
{
    protected override Task SeedAsync(TestDatabase database) => database.ExecuteAsync("""
        INSERT INTO users (nome, email, senha, tipo, is_active, is_superuser) VALUES ('P', 'p@x.test', 'x', 'PACIENTE', true, false);
        INSERT INTO paciente_users (id, cpf, data_nascimento, endereco, numero, bairro, cidade, estado, cep)
            SELECT id, '1', '1980-01-01', 'Rua', 1, 'B', 'C', 'SP', '0' FROM users;
        """);

    [Fact]
    public async Task TwoRacingPuts_HundredRounds_TheBedIsAlwaysExactlyOneOfThem()
    {
        var patient = await Database.ScalarAsync<int>("SELECT id FROM paciente_users");
        var a = new { numero_leito = "L0", paciente_id = (int?)patient, tipo = "UTI", status = "Ocupado" };
        var b = new { numero_leito = "L9", paciente_id = (int?)null, tipo = "Emergência", status = "Livre" };
        var id = (await Json(await Client.PostAsJsonAsync("/leitos", new { numero_leito = "L5", tipo = "Enfermaria", status = "Reservado" })))["id"]!.GetValue<int>();
        var outcomes = new ConcurrentBag<string>();

        for (var round = 0; round < 100; round++)
        {
            var responses = await Task.WhenAll(Client.PutAsJsonAsync($"/leitos/{id}", a), Client.PutAsJsonAsync($"/leitos/{id}", b));
            var stored = await Json(await Client.GetAsync($"/leitos/{id}"));
            var row = (stored["numero_leito"]!.GetValue<string>(), stored["paciente_id"]?.GetValue<int>(), stored["tipo"]!.GetValue<string>(), stored["status"]!.GetValue<string>());
            Assert.True(row == ("L0", patient, "UTI", "Ocupado") || row == ("L9", null, "Emergência", "Livre"), $"round {round}: a mix of both, {row}");
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
            outcomes.Add(string.Join('+', responses.Select(r => (int)r.StatusCode).Order()));
        }
        // How often each pair of statuses came, for the record: 200+409 means the race was on and caught.
        Console.WriteLine(string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key}: {g.Count()}")));
    }

    [Fact]
    public async Task ETagsAndIfMatch_AStaleVersionIs412_AndNothingIsWritten()
    {
        var created = await Client.PostAsJsonAsync("/estoque", new { tipo_item = "Insumo", nome = "Gaze", quantidade = 3, unidade = "pacote" });
        var id = (await Json(created))["id"]!.GetValue<int>();
        var first = created.Headers.ETag!;
        Assert.Equal(first, (await Client.GetAsync($"/estoque/{id}")).Headers.ETag);

        var updated = await Send(HttpMethod.Put, $"/estoque/{id}", first, new { tipo_item = "Insumo", nome = "Gaze", quantidade = 4, unidade = "pacote" });
        var stale = await Send(HttpMethod.Put, $"/estoque/{id}", first, new { tipo_item = "Insumo", nome = "Gaze", quantidade = 99, unidade = "pacote" });
        var staleDelete = await Send(HttpMethod.Delete, $"/estoque/{id}", first, null);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(first, updated.Headers.ETag);
        Assert.Equal((HttpStatusCode.PreconditionFailed, HttpStatusCode.PreconditionFailed), (stale.StatusCode, staleDelete.StatusCode));
        Assert.Equal(4, (await Json(await Client.GetAsync($"/estoque/{id}")))["quantidade"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Delete, $"/estoque/{id}", updated.Headers.ETag!, null)).StatusCode);
    }

    [Fact]
    public async Task SixteenWorkersPuttingAndDeletingTheSameRows_NeverGetA500()
    {
        var ids = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await Json(await Client.PostAsJsonAsync("/leitos", new { numero_leito = $"W{i}", tipo = "UTI", status = "Livre" })))["id"]!.GetValue<int>());
        }
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(4); n++)
            {
                var id = ids[(worker + n) % ids.Count];
                var response = ((worker + n) % 5) switch
                {
                    0 => await Client.DeleteAsync($"/leitos/{id}"),
                    1 => await Client.PostAsJsonAsync("/leitos", new { numero_leito = $"N{worker}", tipo = "UTI", status = "Livre" }),
                    _ => await Client.PutAsJsonAsync($"/leitos/{id}", new { numero_leito = $"P{worker}", tipo = "Enfermaria", status = "Reservado" }),
                };
                statuses.Add(response.StatusCode);
            }
        })));

        Console.WriteLine($"{statuses.Count} requests: " + string.Join(", ", statuses.GroupBy(s => (int)s).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));
        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
    }

    [Theory]
    [InlineData("/leitos?offset=-1", "offset")]
    [InlineData("/estoque?limit=2147483647", "limit")]
    [InlineData("/leitos?limit=0", "limit")]
    public async Task ABadPage_Is422NamingIt(string path, string field)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(field, (await Json(response))["detail"]![0]!["loc"]![1]!.GetValue<string>());
    }

    [Fact]
    public async Task TextIsCountedAsPostgresCountsIt_NulIs400_AndABigBodyIs413()
    {
        var emoji = await Client.PostAsJsonAsync("/leitos", new { numero_leito = "Leito-ção🛏", tipo = "UTI", status = "Livre" });
        var nul = await Client.PostAsJsonAsync("/leitos", new { numero_leito = "L\u00001", tipo = "UTI", status = "Livre" });
        using var big = new StringContent($$"""{"numero_leito":"{{new string('x', 100_000)}}","tipo":"UTI","status":"Livre"}""", System.Text.Encoding.UTF8, "application/json");
        var tooLarge = await Client.PostAsync("/leitos", big);

        Assert.Equal(HttpStatusCode.Created, emoji.StatusCode);
        Assert.Equal("Leito-ção🛏", (await Json(emoji))["numero_leito"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nul.StatusCode);
        Assert.Contains("NUL", (await Json(nul))["detail"]![0]!["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task DatabaseOutage_Is503WithRetryAfter_AndTheFirstReadAfterARestartSucceeds()
    {
        await Client.PostAsJsonAsync("/leitos", new { numero_leito = "O1", tipo = "UTI", status = "Livre" });
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/leitos")).StatusCode);

        // Down: no new connections, and the API's pooled ones killed.
        await TestServer.ExecuteAsync($"ALTER DATABASE \"{Database.Name}\" ALLOW_CONNECTIONS false");
        await TestServer.ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Database.Name}'");
        var down = await Client.GetAsync("/leitos");
        var write = await Client.PostAsJsonAsync("/leitos", new { numero_leito = "O2", tipo = "UTI", status = "Livre" });

        // Back, as after a restart: the pooled connections are dead, the next read still succeeds.
        await TestServer.ExecuteAsync($"ALTER DATABASE \"{Database.Name}\" ALLOW_CONNECTIONS true");
        var back = await Client.GetAsync("/leitos");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (down.StatusCode, write.StatusCode));
        Assert.Equal("5", down.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, EntityTagHeaderValue ifMatch, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(ifMatch);
        return await Client.SendAsync(request);
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
