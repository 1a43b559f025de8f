using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class ProfissionalUserConfiguration : IEntityTypeConfiguration<ProfissionalUser>
{
    public void Configure(EntityTypeBuilder<ProfissionalUser> builder)
    {
        builder.ToTable("profissional_users");
        // camelCase kept: existing databases and the Python clients use this name.
        builder.Property(p => p.CrmCoren).HasColumnName("crmCoren").HasMaxLength(10);
        builder.HasIndex(p => p.CrmCoren).IsUnique().HasDatabaseName("ix_profissional_users_crmCoren");
        builder.Property(p => p.Biografia).HasMaxLength(255);
    }
}
