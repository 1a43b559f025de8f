using Microsoft.EntityFrameworkCore;
using VidaPlus.Api.Auth;
using VidaPlus.Data;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Enums;

namespace VidaPlus.Api.Endpoints;

public sealed record LeitoRequest(string? NumeroLeito, int? PacienteId, TipoLeito? Tipo, StatusLeito? Status);

public sealed record LeitoResponse(int Id, string NumeroLeito, int? PacienteId, TipoLeito Tipo, StatusLeito Status);

/// <summary>/leitos: the hospital beds, as the Python app serves them.</summary>
internal static class LeitoEndpoints
{
    private static readonly ResourceMessages Messages = new(
        NotFound: "Leito não encontrado.",
        Exists: "Leito já existe.",
        Deleted: "Leito deletado com sucesso.",
        CreateForbidden: "Apenas usuários com permissão de administrador podem criar leitos.",
        ListForbidden: "Você não tem permissão para acessar este leito.",
        ReadForbidden: "Você não tem permissão para acessar este leito.",
        UpdateForbidden: "Você não tem permissão para acessar este leito.",
        DeleteForbidden: "Você não tem permissão para acessar este leito.");

    public static void MapLeitos(this IEndpointRouteBuilder app) =>
        new ResourceEndpoints<Leito, LeitoRequest, LeitoResponse>(
            "/leitos",
            "leitos",
            Messages,
            db => db.Leitos,
            ValidateAsync,
            (request, db, id) => db.Leitos.AnyAsync(l => l.NumeroLeito == request.NumeroLeito && l.Id != id),
            request => new Leito
            {
                NumeroLeito = request.NumeroLeito!,
                PacienteId = request.PacienteId,
                Tipo = request.Tipo!.Value,
                Status = request.Status!.Value,
            },
            l => new LeitoResponse(l.Id, l.NumeroLeito, l.PacienteId, l.Tipo, l.Status),
            // A patient sees the beds that are theirs; a superuser, every bed.
            (user, leitos) => user.IsSuperuser() ? leitos : leitos.Where(l => l.PacienteId == user.UserId())).Map(app);

    private static async Task<RequestErrors> ValidateAsync(LeitoRequest request, VidaPlusDbContext db)
    {
        var errors = new RequestErrors();
        errors.Text("numero_leito", request.NumeroLeito, 10);
        errors.Required("tipo", request.Tipo);
        errors.Required("status", request.Status);
        if (request.PacienteId is { } pacienteId && !await db.Pacientes.AnyAsync(p => p.Id == pacienteId))
        {
            errors.Add("paciente_id", $"no patient has id {pacienteId}");
        }
        // The Python app meant this rule (its check compares an enum with a string, so it never fires): enforced here.
        if (request is { Status: StatusLeito.Livre, PacienteId: not null })
        {
            errors.Reject("Leito livre não pode ter paciente associado.");
        }
        return errors;
    }
}
