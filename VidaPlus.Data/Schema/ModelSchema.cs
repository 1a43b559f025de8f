using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace VidaPlus.Data.Schema;

/// <summary>The <see cref="DatabaseSchema"/> an EF Core model describes, in the terms <see cref="SchemaReader"/> reads.</summary>
internal static class ModelSchema
{
    /// <param name="model">A design-time model (<c>IDesignTimeModel.Model</c>, or a migration's target model):
    /// the runtime model drops the enum declarations.</param>
    public static DatabaseSchema From(IModel model, string schema = "public")
    {
        var enums = model.GetPostgresEnums()
            .Where(e => (e.Schema ?? schema) == schema)
            .Select(e => new EnumType(e.Name, [.. e.Labels]))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        var tables = model.GetRelationalModel().Tables
            .Where(t => (t.Schema ?? schema) == schema && !t.IsExcludedFromMigrations)
            .Select(ToTable)
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        return new DatabaseSchema([.. enums], [.. tables]);
    }

    private static Table ToTable(ITable table)
    {
        var storeObject = StoreObjectIdentifier.Table(table.Name, table.Schema);
        return new Table(
            table.Name,
            [.. table.Columns.Where(c => !StoreTypes.IsSystemColumn(c.Name)).Select(c => ToColumn(c, storeObject))],
            table.PrimaryKey is { } pk ? new PrimaryKey(pk.Name, [.. pk.Columns.Select(c => c.Name)]) : null,
            [.. table.ForeignKeyConstraints.Select(fk => new ForeignKey(
                fk.Name,
                [.. fk.Columns.Select(c => c.Name)],
                fk.PrincipalTable.Name,
                [.. fk.PrincipalColumns.Select(c => c.Name)],
                DeleteRule(fk.OnDeleteAction)))],
            [.. table.Indexes.Select(i => new Index(
                i.Name,
                [.. i.Columns.Select(c => c.Name)],
                i.IsUnique,
                i.MappedIndexes.First().GetMethod() ?? "btree",
                i.Filter))],
            [.. table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey())
                .Select(u => new Constraint(u.Name, $"UNIQUE ({string.Join(", ", u.Columns.Select(c => c.Name))})"))
                .Concat(table.CheckConstraints.Select(c => new Constraint(c.Name ?? c.ModelName, $"CHECK ({c.Sql})")))]);
    }

    private static Column ToColumn(IColumn column, StoreObjectIdentifier storeObject)
    {
        var strategy = column.PropertyMappings.First().Property.GetValueGenerationStrategy(storeObject);
        var identity = strategy switch
        {
            NpgsqlValueGenerationStrategy.IdentityByDefaultColumn => "by default",
            NpgsqlValueGenerationStrategy.IdentityAlwaysColumn => "always",
            _ => null,
        };
        var defaultSql = column.DefaultValueSql
            ?? (column.DefaultValue is { } value ? column.StoreTypeMapping.GenerateSqlLiteral(value) : null);
        return new Column(column.Name, StoreTypes.Normalize(column.StoreType), column.IsNullable,
            column.ComputedColumnSql is null ? defaultSql : null, identity, column.ComputedColumnSql);
    }

    private static string DeleteRule(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.Restrict => "RESTRICT",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        _ => "NO ACTION",
    };
}
