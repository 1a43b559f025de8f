using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class PacienteUserConfiguration : IEntityTypeConfiguration<PacienteUser>
{
    public void Configure(EntityTypeBuilder<PacienteUser> builder)
    {
        builder.ToTable("paciente_users");
        builder.Property(p => p.Cpf).HasMaxLength(14);
        builder.HasIndex(p => p.Cpf).IsUnique().HasDatabaseName("ix_paciente_users_cpf");
        builder.Property(p => p.Endereco).HasMaxLength(255);
        builder.Property(p => p.Complemento).HasMaxLength(100);
        builder.Property(p => p.Bairro).HasMaxLength(100);
        builder.Property(p => p.Cidade).HasMaxLength(100);
        builder.Property(p => p.Estado).HasMaxLength(2);
        builder.Property(p => p.Cep).HasMaxLength(10);
    }
}
