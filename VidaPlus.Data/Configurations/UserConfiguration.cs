using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        // Table-per-type: each derived type maps to its own table, whose id is also a FK to users.id (ON DELETE CASCADE).
        builder.ToTable("users").UseTptMappingStrategy();
        builder.Property(u => u.Nome).HasMaxLength(255);
        builder.Property(u => u.Email).HasMaxLength(255);
        builder.HasIndex(u => u.Email).IsUnique().HasDatabaseName("ix_users_email");
        builder.Property(u => u.Senha).HasMaxLength(255);
        builder.Property(u => u.Telefone).HasMaxLength(20);
        builder.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
    }
}
