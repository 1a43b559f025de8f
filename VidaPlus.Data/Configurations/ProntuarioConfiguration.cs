using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class ProntuarioConfiguration : IEntityTypeConfiguration<Prontuario>
{
    public void Configure(EntityTypeBuilder<Prontuario> builder)
    {
        builder.ToTable("prontuarios");
        builder.HasOne(p => p.Paciente).WithMany(p => p.Prontuarios).HasForeignKey(p => p.PacienteId)
            .OnDelete(DeleteBehavior.NoAction);
    }
}
