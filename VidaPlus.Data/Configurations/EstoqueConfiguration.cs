using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data.Configurations;

internal sealed class EstoqueConfiguration : IEntityTypeConfiguration<Estoque>
{
    public void Configure(EntityTypeBuilder<Estoque> builder)
    {
        builder.ToTable("estoques");
        builder.Property(e => e.Nome).HasMaxLength(255);
        builder.Property(e => e.Unidade).HasMaxLength(50);
        builder.Property(e => e.Version).IsXminRowVersion();
    }
}
