using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>An exam ordered for a patient (table <c>exames</c>).</summary>
public class Exame
{
    public int Id { get; set; }
    public int PacienteId { get; set; }
    public PacienteUser? Paciente { get; set; }
    public int ProntuarioId { get; set; }
    public Prontuario? Prontuario { get; set; }
    public DateOnly Data { get; set; }
    public TipoExame Tipo { get; set; }
    public string? Resultado { get; set; }
    public string? Observacao { get; set; }
    public StatusExame Status { get; set; }
}
