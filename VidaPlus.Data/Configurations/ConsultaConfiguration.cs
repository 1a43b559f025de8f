using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class ConsultaConfiguration : IEntityTypeConfiguration<Consulta>
{
    public void Configure(EntityTypeBuilder<Consulta> builder)
    {
        builder.ToTable("consultas");
        builder.HasOne(c => c.Paciente).WithMany(p => p.Consultas).HasForeignKey(c => c.PacienteId)
            .OnDelete(DeleteBehavior.NoAction);
        builder.HasOne(c => c.Profissional).WithMany(p => p.Consultas).HasForeignKey(c => c.ProfissionalId)
            .OnDelete(DeleteBehavior.NoAction);
        builder.HasOne(c => c.Prontuario).WithMany(p => p.Consultas).HasForeignKey(c => c.ProntuarioId)
            .OnDelete(DeleteBehavior.NoAction);
        // camelCase kept: existing databases and the Python clients use this name.
        builder.Property(c => c.TipoConsulta).HasColumnName("tipoConsulta");
        builder.Property(c => c.Link).HasMaxLength(255);
        builder.Property(c => c.Observacao).HasMaxLength(255);
    }
}
