using Microsoft.EntityFrameworkCore;
using VidaPlus.Api.Auth;
using VidaPlus.Data;
using VidaPlus.Data.Entities;
using VidaPlus.Data.Enums;

namespace VidaPlus.Api.Endpoints;

public sealed record LeitoRequest(string? NumeroLeito, int? PacienteId, TipoLeito? Tipo, StatusLeito? Status);

public sealed record LeitoResponse(int Id, string NumeroLeito, int? PacienteId, TipoLeito Tipo, StatusLeito Status);

/// <summary>/leitos: the hospital beds.</summary>
internal static class LeitoEndpoints
{
    public static void MapLeitos(this IEndpointRouteBuilder app) =>
        new ResourceEndpoints<Leito, LeitoRequest, LeitoResponse>(
            "/leitos",
            db => db.Leitos,
            ValidateAsync,
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

    private static async Task<Dictionary<string, string[]>> ValidateAsync(LeitoRequest request, VidaPlusDbContext db)
    {
        var errors = new RequestErrors();
        errors.Text("numero_leito", request.NumeroLeito, 10);
        errors.Required("tipo", request.Tipo);
        errors.Required("status", request.Status);
        if (request.PacienteId is { } pacienteId && !await db.Pacientes.AnyAsync(p => p.Id == pacienteId))
        {
            errors.Add("paciente_id", $"no patient has id {pacienteId}");
        }
        return errors.ToDictionary();
    }
}
