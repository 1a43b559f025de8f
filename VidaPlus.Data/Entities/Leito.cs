using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>A hospital bed (table <c>leitos</c>).</summary>
public class Leito
{
    public int Id { get; set; }
    public required string NumeroLeito { get; set; }
    /// <summary>The patient in the bed; null for a free bed.</summary>
    public int? PacienteId { get; set; }
    public PacienteUser? Paciente { get; set; }
    public TipoLeito Tipo { get; set; }
    public StatusLeito Status { get; set; }
}
