using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>A patient (table <c>paciente_users</c>).</summary>
public class PacienteUser : User
{
    public PacienteUser() => Tipo = UserRole.Paciente;

    public required string Cpf { get; set; }
    public DateOnly DataNascimento { get; set; }
    public required string Endereco { get; set; }
    public string? Complemento { get; set; }
    public int Numero { get; set; }
    public required string Bairro { get; set; }
    public required string Cidade { get; set; }
    /// <summary>Two-letter state code (UF).</summary>
    public required string Estado { get; set; }
    public required string Cep { get; set; }

    public ICollection<Prontuario> Prontuarios { get; } = [];
    public ICollection<Consulta> Consultas { get; } = [];
    public ICollection<Exame> Exames { get; } = [];
    public ICollection<Prescricao> Prescricoes { get; } = [];
    public ICollection<Leito> Leitos { get; } = [];
}
