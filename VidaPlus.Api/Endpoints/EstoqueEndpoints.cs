using VidaPlus.Api.Auth;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Enums;

namespace VidaPlus.Api.Endpoints;

public sealed record EstoqueRequest(TipoItem? TipoItem, string? Nome, int? Quantidade, string? Unidade, DateOnly? DataValidade);

public sealed record EstoqueResponse(int Id, TipoItem TipoItem, string Nome, int Quantidade, string Unidade, DateOnly? DataValidade);

/// <summary>/estoques: the stock items.</summary>
internal static class EstoqueEndpoints
{
    public static void MapEstoques(this IEndpointRouteBuilder app) =>
        new ResourceEndpoints<Estoque, EstoqueRequest, EstoqueResponse>(
            "/estoques",
            db => db.Estoques,
            (request, _) => Task.FromResult(Validate(request)),
            request => new Estoque
            {
                TipoItem = request.TipoItem!.Value,
                Nome = request.Nome!,
                Quantidade = request.Quantidade!.Value,
                Unidade = request.Unidade!,
                DataValidade = request.DataValidade,
            },
            e => new EstoqueResponse(e.Id, e.TipoItem, e.Nome, e.Quantidade, e.Unidade, e.DataValidade),
            (user, estoques) => user.IsSuperuser() ? estoques : null).Map(app);

    private static Dictionary<string, string[]> Validate(EstoqueRequest request)
    {
        var errors = new RequestErrors();
        errors.Required("tipo_item", request.TipoItem);
        errors.Text("nome", request.Nome, 255);
        errors.Required("quantidade", request.Quantidade);
        if (request.Quantidade < 0)
        {
            errors.Add("quantidade", "must not be negative");
        }
        errors.Text("unidade", request.Unidade, 50);
        return errors.ToDictionary();
    }
}
