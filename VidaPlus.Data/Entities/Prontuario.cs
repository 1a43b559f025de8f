namespace VidaPlus.Data.Entities;

/// <summary>A patient's medical record (table <c>prontuarios</c>).</summary>
public class Prontuario
{
    public int Id { get; set; }
    public int PacienteId { get; set; }
    public PacienteUser? Paciente { get; set; }

    public ICollection<Consulta> Consultas { get; } = [];
    public ICollection<Exame> Exames { get; } = [];
    public ICollection<Prescricao> Prescricoes { get; } = [];
}
