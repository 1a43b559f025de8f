using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VidaPlus.Data.Configurations;

internal static class XminRowVersion
{
    /// <summary>PostgreSQL's xmin as the row version: EF Core puts it in every UPDATE and DELETE's WHERE and reads it
    /// back, so a write that lost a race changes nothing and fails. Named here, so the snake_case convention leaves it.</summary>
    public static PropertyBuilder<uint> IsXminRowVersion(this PropertyBuilder<uint> property) =>
        property.HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
}
