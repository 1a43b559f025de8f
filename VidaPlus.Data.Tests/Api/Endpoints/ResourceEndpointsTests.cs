using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Api.Endpoints;

/// <summary>/estoques and /leitos against the real tables: the happy paths, and every bad input rejected with
/// nothing written.</summary>
public sealed class ResourceEndpointsTests : ApiOverItsOwnDatabase
{
    [Fact]
    public async Task Estoques_CreateListGetUpdateDelete()
    {
        var created = await Client.PostAsJsonAsync("/estoques",
            new { tipo_item = "MEDICAMENTO", nome = "Dipirona 500mg", quantidade = 120, unidade = "comprimido", data_validade = "2027-12-31" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body["id"]!.GetValue<int>();
        Assert.Equal($"/estoques/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("""{"id":ID,"tipo_item":"MEDICAMENTO","nome":"Dipirona 500mg","quantidade":120,"unidade":"comprimido","data_validade":"2027-12-31"}""".Replace("ID", $"{id}", StringComparison.Ordinal),
            body.ToJsonString());
        await Client.PostAsJsonAsync("/estoques", new { tipo_item = "EQUIPAMENTO", nome = "Monitor", quantidade = 0, unidade = "unidade" });

        var page = await Json(await Client.GetAsync("/estoques?page=2&page_size=1"));
        Assert.Equal((2, 1, 2), (page["page"]!.GetValue<int>(), page["page_size"]!.GetValue<int>(), page["total"]!.GetValue<int>()));
        Assert.Equal("Monitor", page["items"]![0]!["nome"]!.GetValue<string>());

        var updated = await Client.PutAsJsonAsync($"/estoques/{id}", new { tipo_item = "INSUMO", nome = "Gaze", quantidade = 3, unidade = "pacote" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var fetched = await Json(await Client.GetAsync($"/estoques/{id}"));
        Assert.Equal(("INSUMO", "Gaze", 3, null), (fetched["tipo_item"]!.GetValue<string>(), fetched["nome"]!.GetValue<string>(),
            fetched["quantidade"]!.GetValue<int>(), fetched["data_validade"]));
        Assert.Equal("INSUMO|Gaze|3|pacote", await ScalarAsync($"SELECT tipo_item || '|' || nome || '|' || quantidade || '|' || unidade FROM estoques WHERE id = {id}"));

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/estoques/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/estoques/{id}")).StatusCode);
    }

    [Fact]
    public async Task Leitos_FreeAndOccupiedBeds_StoredLabelsAndPatientLink()
    {
        await Database.ExecuteAsync("""
            INSERT INTO users (id, nome, email, senha, tipo, is_active, is_superuser) VALUES (501, 'Paula', 'paula@vidaplus.test', 'x', 'PACIENTE', true, false);
            INSERT INTO paciente_users (id, cpf, data_nascimento, endereco, numero, bairro, cidade, estado, cep)
                VALUES (501, '111.222.333-44', '1990-01-01', 'Rua A', 1, 'Centro', 'Recife', 'PE', '50000-000');
            """);

        var free = await Json(await Client.PostAsJsonAsync("/leitos", new { numero_leito = "ENF-01", tipo = "SEMI_INTENSIVO", status = "EM_MANUTENCAO" }));
        var taken = await Json(await Client.PostAsJsonAsync("/leitos", new { numero_leito = "UTI-01", tipo = "UTI", status = "OCUPADO", paciente_id = 501 }));

        Assert.Equal((null, "SEMI_INTENSIVO", "EM_MANUTENCAO"), (free["paciente_id"], free["tipo"]!.GetValue<string>(), free["status"]!.GetValue<string>()));
        Assert.Equal(501, taken["paciente_id"]!.GetValue<int>());
        Assert.Equal("UTI|OCUPADO|501", await ScalarAsync($"SELECT tipo || '|' || status || '|' || paciente_id FROM leitos WHERE id = {taken["id"]}"));
    }

    public static TheoryData<string, string, string, string> BadRequests => new()
    {
        { "POST", "/estoques", """{"tipo_item":"REMEDIO","nome":"X","quantidade":1,"unidade":"un"}""", "tipo_item" },
        { "POST", "/estoques", """{"tipo_item":"INSUMO","nome":"X","quantidade":-1,"unidade":"un"}""", "quantidade" },
        { "POST", "/estoques", """{"tipo_item":"INSUMO","quantidade":1,"unidade":"un"}""", "nome" },
        { "POST", "/estoques", """{"tipo_item":"INSUMO","nome":"X","quantidade":"many","unidade":"un"}""", "quantidade" },
        { "POST", "/leitos", """{"numero_leito":"UTI-0000001","tipo":"UTI","status":"LIVRE"}""", "numero_leito" },
        { "POST", "/leitos", """{"numero_leito":"UTI-02","tipo":"UTI","status":"LIVRE","paciente_id":999}""", "paciente_id" },
        { "POST", "/leitos", """{"numero_leito":"UTI-02","tipo":"CAMA","status":"LIVRE"}""", "tipo" },
        { "POST", "/leitos", """not json""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInput_Is400NamingTheField_AndWritesNothing(string method, string path, string json, string field)
    {
        var before = await ScalarAsync("SELECT (SELECT count(*) FROM estoques) || '/' || (SELECT count(*) FROM leitos)");

        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"400 does not name {field}: {errors.ToJsonString()}");
        Assert.Equal(before, await ScalarAsync("SELECT (SELECT count(*) FROM estoques) || '/' || (SELECT count(*) FROM leitos)"));
    }

    [Theory]
    [InlineData("GET", "/estoques/424242")]
    [InlineData("PUT", "/estoques/424242")]
    [InlineData("DELETE", "/leitos/424242")]
    [InlineData("PUT", "/leitos/424242")]
    public async Task UnknownId_Is404(string method, string path)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PUT" ? JsonContent.Create(new { tipo_item = "INSUMO", nome = "X", quantidade = 1, unidade = "un", numero_leito = "A", tipo = "UTI", status = "LIVRE" }) : null,
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoints()
    {
        var document = await Json(await Client.GetAsync("/openapi/v1.json"));
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Subset(paths.ToHashSet(), new HashSet<string> { "/estoques", "/estoques/{id}", "/leitos", "/leitos/{id}", "/db/status", "/auth/token", "/auth/token/refresh_token" });
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
