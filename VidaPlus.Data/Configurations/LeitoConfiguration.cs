using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class LeitoConfiguration : IEntityTypeConfiguration<Leito>
{
    public void Configure(EntityTypeBuilder<Leito> builder)
    {
        builder.ToTable("leitos");
        builder.Property(l => l.NumeroLeito).HasMaxLength(10);
        builder.Property(l => l.Version).IsXminRowVersion();
        builder.HasOne(l => l.Paciente).WithMany(p => p.Leitos).HasForeignKey(l => l.PacienteId)
            .OnDelete(DeleteBehavior.NoAction);
    }
}
