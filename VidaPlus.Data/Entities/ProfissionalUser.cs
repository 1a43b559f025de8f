using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>A health professional (table <c>profissional_users</c>).</summary>
public class ProfissionalUser : User
{
    public ProfissionalUser() => Tipo = UserRole.Profissional;

    /// <summary>CRM or COREN registration number.</summary>
    public required string CrmCoren { get; set; }
    public Especialidade Especialidade { get; set; }
    public string? Biografia { get; set; }
    public HorarioAtendimento HorarioAtendimento { get; set; }

    public ICollection<Consulta> Consultas { get; } = [];
    public ICollection<Prescricao> Prescricoes { get; } = [];
}
