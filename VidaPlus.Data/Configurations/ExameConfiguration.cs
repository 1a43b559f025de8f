using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class ExameConfiguration : IEntityTypeConfiguration<Exame>
{
    public void Configure(EntityTypeBuilder<Exame> builder)
    {
        builder.ToTable("exames");
        builder.HasOne(e => e.Paciente).WithMany(p => p.Exames).HasForeignKey(e => e.PacienteId)
            .OnDelete(DeleteBehavior.NoAction);
        builder.HasOne(e => e.Prontuario).WithMany(p => p.Exames).HasForeignKey(e => e.ProntuarioId)
            .OnDelete(DeleteBehavior.NoAction);
        builder.Property(e => e.Resultado).HasMaxLength(255);
        builder.Property(e => e.Observacao).HasMaxLength(255);
    }
}
