using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class PrescricaoConfiguration : IEntityTypeConfiguration<Prescricao>
{
    public void Configure(EntityTypeBuilder<Prescricao> builder)
    {
        builder.ToTable("prescricoes");
        builder.HasOne(p => p.Paciente).WithMany(p => p.Prescricoes).HasForeignKey(p => p.PacienteId)
            .OnDelete(DeleteBehavior.NoAction);
        builder.HasOne(p => p.Profissional).WithMany(p => p.Prescricoes).HasForeignKey(p => p.ProfissionalId)
            .OnDelete(DeleteBehavior.NoAction);
        builder.HasOne(p => p.Prontuario).WithMany(p => p.Prescricoes).HasForeignKey(p => p.ProntuarioId)
            .OnDelete(DeleteBehavior.NoAction);
        builder.Property(p => p.Medicamentos).HasMaxLength(255);
        builder.Property(p => p.Observacao).HasMaxLength(255);
    }
}
