using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        // Table-per-type: each derived type maps to its own table, whose id is also a FK to users.id (ON DELETE CASCADE).
        // Their primary keys keep EF's names (PK_users, PK_admin_users...): EF shares one key-name annotation across
        // a TPT hierarchy's tables, so naming it would give all four tables the same constraint name.
        builder.ToTable("users").UseTptMappingStrategy();
        builder.Property(u => u.Nome).HasMaxLength(255);
        builder.Property(u => u.Email).HasMaxLength(255);
        builder.HasIndex(u => u.Email).IsUnique().HasDatabaseName("ix_users_email");
        builder.Property(u => u.Senha).HasMaxLength(255);
        builder.Property(u => u.Telefone).HasMaxLength(20);
        builder.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
    }
}
