using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>An appointment (table <c>consultas</c>).</summary>
public class Consulta
{
    public int Id { get; set; }
    public DateOnly Data { get; set; }
    public TimeOnly Hora { get; set; }
    public int PacienteId { get; set; }
    public PacienteUser? Paciente { get; set; }
    public int ProfissionalId { get; set; }
    public ProfissionalUser? Profissional { get; set; }
    public int ProntuarioId { get; set; }
    public Prontuario? Prontuario { get; set; }
    public StatusConsulta Status { get; set; }
    public TipoConsulta TipoConsulta { get; set; }
    /// <summary>The video link of a teleconsulta.</summary>
    public string? Link { get; set; }
    public string? Observacao { get; set; }
}
