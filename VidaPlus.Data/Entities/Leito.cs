using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>A hospital bed (table <c>leitos</c>).</summary>
public class Leito : IRowVersioned
{
    public int Id { get; set; }
    public required string NumeroLeito { get; set; }
    /// <summary>The patient in the bed; null for a free bed.</summary>
    public int? PacienteId { get; set; }
    public PacienteUser? Paciente { get; set; }
    public TipoLeito Tipo { get; set; }
    public StatusLeito Status { get; set; }

    /// <summary>PostgreSQL's xmin system column (the transaction that last wrote the row): the concurrency token, and
    /// the API's ETag. Not a column of its own: every PostgreSQL row has it.</summary>
    public uint Version { get; set; }
}
