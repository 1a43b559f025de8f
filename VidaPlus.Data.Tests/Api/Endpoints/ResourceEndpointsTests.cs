using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Api.Endpoints;

/// <summary>/estoque and /leitos against the real tables, in the Python app's routes, shapes, values and messages:
/// the happy paths, its rules, and every bad input rejected with nothing written.</summary>
public sealed class ResourceEndpointsTests : ApiOverItsOwnDatabase
{
    [Fact]
    public async Task Estoque_CreateListGetReplaceDelete_InThePythonAppsShapes()
    {
        var created = await Client.PostAsJsonAsync("/estoque/",
            new { tipo_item = "Medicamento", nome = "Dipirona 500mg", quantidade = 120, unidade = "comprimido", data_validade = "2027-12-31" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body["id"]!.GetValue<int>();
        Assert.Equal("""{"id":ID,"tipo_item":"Medicamento","nome":"Dipirona 500mg","quantidade":120,"unidade":"comprimido","data_validade":"2027-12-31"}""".Replace("ID", $"{id}", StringComparison.Ordinal),
            body.ToJsonString());
        Assert.Equal("MEDICAMENTO", await ScalarAsync($"SELECT tipo_item::text FROM estoques WHERE id = {id}"));
        await Client.PostAsJsonAsync("/estoque", new { tipo_item = "Equipamento", nome = "Monitor", quantidade = 0, unidade = "unidade" });
        var duplicate = await Client.PostAsJsonAsync("/estoque", new { tipo_item = "Insumo", nome = "Monitor", quantidade = 1, unidade = "un" });

        var page = await Json(await Client.GetAsync("/estoque/?offset=1&limit=1"));
        Assert.Equal("Monitor", Assert.Single(page["estoques"]!.AsArray())!["nome"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.Conflict, """{"detail":"Item de estoque já existe."}"""), (duplicate.StatusCode, await duplicate.Content.ReadAsStringAsync()));

        var updated = await Client.PutAsJsonAsync($"/estoque/{id}", new { tipo_item = "Insumo", nome = "Gaze", quantidade = 3, unidade = "pacote" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var fetched = await Json(await Client.GetAsync($"/estoque/{id}"));
        Assert.Equal(("Insumo", "Gaze", 3, null), (fetched["tipo_item"]!.GetValue<string>(), fetched["nome"]!.GetValue<string>(),
            fetched["quantidade"]!.GetValue<int>(), fetched["data_validade"]));
        Assert.Equal("INSUMO|Gaze|3|pacote", await ScalarAsync($"SELECT tipo_item || '|' || nome || '|' || quantidade || '|' || unidade FROM estoques WHERE id = {id}"));

        var deleted = await Client.DeleteAsync($"/estoque/{id}");
        Assert.Equal((HttpStatusCode.OK, """{"message":"Item de estoque deletado com sucesso."}"""), (deleted.StatusCode, await deleted.Content.ReadAsStringAsync()));
        var gone = await Client.GetAsync($"/estoque/{id}");
        Assert.Equal((HttpStatusCode.NotFound, """{"detail":"Item de estoque não encontrado."}"""), (gone.StatusCode, await gone.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Leitos_ThePythonAppsValuesAndRules_AFreeBedHasNoPatient_ANumberIsTakenOnce()
    {
        await Database.ExecuteAsync("""
            INSERT INTO users (id, nome, email, senha, tipo, is_active, is_superuser) VALUES (501, 'Paula', 'paula@vidaplus.test', 'x', 'PACIENTE', true, false);
            INSERT INTO paciente_users (id, cpf, data_nascimento, endereco, numero, bairro, cidade, estado, cep)
                VALUES (501, '111.222.333-44', '1990-01-01', 'Rua A', 1, 'Centro', 'Recife', 'PE', '50000-000');
            """);

        var free = await Json(await Client.PostAsJsonAsync("/leitos/", new { numero_leito = "ENF-01", tipo = "Semi-Intensivo", status = "Em Manutenção" }));
        var taken = await Json(await Client.PostAsJsonAsync("/leitos", new { numero_leito = "UTI-01", tipo = "UTI", status = "Ocupado", paciente_id = 501 }));
        var again = await Client.PostAsJsonAsync("/leitos", new { numero_leito = "UTI-01", tipo = "Pediátrico", status = "Reservado" });
        var freeWithPatient = await Client.PostAsJsonAsync("/leitos", new { numero_leito = "UTI-02", tipo = "UTI", status = "Livre", paciente_id = 501 });
        var list = await Json(await Client.GetAsync("/leitos/"));
        var deleted = await Client.DeleteAsync($"/leitos/{free["id"]}");

        Assert.Equal((null, "Semi-Intensivo", "Em Manutenção"), (free["paciente_id"], free["tipo"]!.GetValue<string>(), free["status"]!.GetValue<string>()));
        Assert.Equal("UTI|OCUPADO|501", await ScalarAsync($"SELECT tipo || '|' || status || '|' || paciente_id FROM leitos WHERE id = {taken["id"]}"));
        Assert.Equal((HttpStatusCode.Conflict, """{"detail":"Leito já existe."}"""), (again.StatusCode, await again.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, """{"detail":"Leito livre não pode ter paciente associado."}"""),
            (freeWithPatient.StatusCode, await freeWithPatient.Content.ReadAsStringAsync()));
        Assert.Equal(2, list["leitos"]!.AsArray().Count);
        Assert.Equal((HttpStatusCode.OK, """{"message":"Leito deletado com sucesso."}"""), (deleted.StatusCode, await deleted.Content.ReadAsStringAsync()));
    }

    public static TheoryData<string, string, string, string> BadRequests => new()
    {
        { "POST", "/estoque", """{"tipo_item":"REMEDIO","nome":"X","quantidade":1,"unidade":"un"}""", "tipo_item" },
        { "POST", "/estoque", """{"tipo_item":"MEDICAMENTO","nome":"X","quantidade":1,"unidade":"un"}""", "tipo_item" },
        { "POST", "/estoque", """{"tipo_item":"Insumo","nome":"X","quantidade":-1,"unidade":"un"}""", "quantidade" },
        { "POST", "/estoque", """{"tipo_item":"Insumo","quantidade":1,"unidade":"un"}""", "nome" },
        { "POST", "/estoque", """{"tipo_item":"Insumo","nome":"X","quantidade":"many","unidade":"un"}""", "quantidade" },
        { "POST", "/leitos", """{"numero_leito":"UTI-0000001","tipo":"UTI","status":"Livre"}""", "numero_leito" },
        { "POST", "/leitos", """{"numero_leito":"UTI-02","tipo":"UTI","status":"Ocupado","paciente_id":999}""", "paciente_id" },
        { "POST", "/leitos", """{"numero_leito":"UTI-02","tipo":"CAMA","status":"Livre"}""", "tipo" },
        { "POST", "/leitos", """not json""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInput_Is422NamingTheFieldAsFastApiDoes_AndWritesNothing(string method, string path, string json, string field)
    {
        var before = await ScalarAsync("SELECT (SELECT count(*) FROM estoques) || '/' || (SELECT count(*) FROM leitos)");

        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (await Json(response))["detail"]!.AsArray();
        Assert.True(detail.Any(d => d!["loc"]!.AsArray().Last()!.GetValue<string>() == field), $"422 does not name {field}: {detail.ToJsonString()}");
        Assert.All(detail, d => Assert.Equal("body", d!["loc"]![0]!.GetValue<string>()));
        Assert.Equal(before, await ScalarAsync("SELECT (SELECT count(*) FROM estoques) || '/' || (SELECT count(*) FROM leitos)"));
    }

    [Theory]
    [InlineData("GET", "/estoque/424242", "Item de estoque não encontrado.")]
    [InlineData("PUT", "/estoque/424242", "Item de estoque não encontrado.")]
    [InlineData("DELETE", "/leitos/424242", "Leito não encontrado.")]
    [InlineData("PUT", "/leitos/424242", "Leito não encontrado.")]
    public async Task UnknownId_Is404(string method, string path, string detail)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PUT" ? JsonContent.Create(new { tipo_item = "Insumo", nome = "X", quantidade = 1, unidade = "un", numero_leito = "A", tipo = "UTI", status = "Livre" }) : null,
        });

        Assert.Equal((HttpStatusCode.NotFound, $$"""{"detail":"{{detail}}"}"""), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoints()
    {
        var document = await Json(await Client.GetAsync("/openapi/v1.json"));
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Subset(paths.ToHashSet(), new HashSet<string> { "/estoque", "/estoque/{id}", "/leitos", "/leitos/{id}", "/db/status", "/auth/token", "/auth/token/refresh_token" });
        Assert.Equal(("http", "bearer"), (document["components"]!["securitySchemes"]!["Bearer"]!["type"]!.GetValue<string>(),
            document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>()));
        Assert.NotNull(document["security"]![0]!["Bearer"]);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(Database.ConnectionString).Password!, document.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new JsonException("empty body");

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
