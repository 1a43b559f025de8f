using Microsoft.EntityFrameworkCore;
using VidaPlus.Api.Auth;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Enums;

namespace VidaPlus.Api.Endpoints;

public sealed record EstoqueRequest(TipoItem? TipoItem, string? Nome, int? Quantidade, string? Unidade, DateOnly? DataValidade);

public sealed record EstoqueResponse(int Id, TipoItem TipoItem, string Nome, int Quantidade, string Unidade, DateOnly? DataValidade);

/// <summary>/estoque: the stock items, for superusers only, as the Python app serves them (plus a DELETE).</summary>
internal static class EstoqueEndpoints
{
    private const string Only = "Apenas usuários com permissão de administrador podem";

    private static readonly ResourceMessages Messages = new(
        NotFound: "Item de estoque não encontrado.",
        Exists: "Item de estoque já existe.",
        Deleted: "Item de estoque deletado com sucesso.",
        CreateForbidden: $"{Only} criar itens de estoque.",
        ListForbidden: $"{Only} listar itens de estoque.",
        ReadForbidden: $"{Only} acessar detalhes do item de estoque.",
        UpdateForbidden: $"{Only} atualizar itens de estoque.",
        DeleteForbidden: $"{Only} deletar itens de estoque.");

    public static void MapEstoques(this IEndpointRouteBuilder app) =>
        new ResourceEndpoints<Estoque, EstoqueRequest, EstoqueResponse>(
            "/estoque",
            "estoques",
            Messages,
            db => db.Estoques,
            (request, _) => Task.FromResult(Validate(request)),
            (request, db, id) => db.Estoques.AnyAsync(e => e.Nome == request.Nome && e.Id != id),
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

    private static RequestErrors Validate(EstoqueRequest request)
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
        return errors;
    }
}
