using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace VidaPlus.Data.Conventions;

/// <summary>
/// Gives tables a configuration does not name, columns, keys, foreign keys and indexes the snake_case names the Python
/// schema has (<c>quartos</c>, <c>numero_leito</c>, <c>pk_leitos</c>, <c>fk_leitos_paciente_users_paciente_id</c>, <c>ix_leitos_paciente_id</c>, <c>ak_estoques_nome</c>).
/// Names set explicitly in a configuration win. Unlike the EFCore.NamingConventions plugin, this runs on the
/// finished model, so names follow the final table names rather than DbSet property names, and it leaves EF's
/// own <c>__EFMigrationsHistory</c> table with the column names every EF tool expects.
/// </summary>
internal sealed class SnakeCaseNamingConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(
        IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var mapped = modelBuilder.Metadata.GetEntityTypes().Where(e => e.GetTableName() is not null).ToList();
        // Tables first: a new entity's table takes its DbSet's name ("Quartos") unless a configuration names it.
        foreach (var entityType in mapped.Where(e => e.GetTableNameConfigurationSource() is null or ConfigurationSource.Convention))
        {
            entityType.Builder.ToTable(ToSnakeCase(entityType.GetTableName()!));
        }
        // Columns first: constraint and index names are built from them.
        foreach (var property in mapped.SelectMany(e => e.GetDeclaredProperties()))
        {
            property.Builder.HasColumnName(ToSnakeCase(property.Name));
        }
        foreach (var entityType in mapped)
        {
            var table = entityType.GetTableName();
            // A TPT hierarchy shares one key-name annotation across its tables: naming it would give every table the
            // same constraint name, so those keep EF's PK_<table>.
            if (entityType.BaseType is null && entityType.GetMappingStrategy() != RelationalAnnotationNames.TptMappingStrategy)
            {
                entityType.FindPrimaryKey()?.Builder.HasName($"pk_{table}");
            }
            foreach (var foreignKey in entityType.GetDeclaredForeignKeys())
            {
                foreignKey.Builder.HasConstraintName(
                    $"fk_{table}_{foreignKey.PrincipalEntityType.GetTableName()}_{Columns(foreignKey.Properties)}");
            }
            foreach (var index in entityType.GetDeclaredIndexes())
            {
                index.Builder.HasDatabaseName($"ix_{table}_{Columns(index.Properties)}");
            }
            foreach (var key in entityType.GetDeclaredKeys().Where(k => !k.IsPrimaryKey()))
            {
                key.Builder.HasName($"ak_{table}_{Columns(key.Properties)}");
            }
        }
    }

    private static string Columns(IEnumerable<IConventionProperty> properties) =>
        string.Join('_', properties.Select(p => p.GetColumnName()));

    internal static string ToSnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                 (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
            {
                result.Append('_');
            }
            result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }
}
