using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>A prescription (table <c>prescricoes</c>).</summary>
public class Prescricao
{
    public int Id { get; set; }
    public DateOnly Data { get; set; }
    public int PacienteId { get; set; }
    public PacienteUser? Paciente { get; set; }
    public int ProfissionalId { get; set; }
    public ProfissionalUser? Profissional { get; set; }
    public int ProntuarioId { get; set; }
    public Prontuario? Prontuario { get; set; }
    public TipoPrescricao TipoPrescricao { get; set; }
    public required string Medicamentos { get; set; }
    public string? Observacao { get; set; }
}
