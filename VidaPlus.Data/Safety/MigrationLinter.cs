using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Safety;

/// <summary>
/// Reads a migration's Up() operations, as EF Core will run them, and flags what locks or rewrites a large, busy
/// table or loses data (<see cref="LintRule"/>). Tables the same migration creates are empty, so what is done to
/// them is not flagged. Raw SQL is not read further: on a table that exists it is a problem until accepted (as
/// strong_migrations asks for safety_assured), otherwise it is listed as not checked.
/// </summary>
internal static partial class MigrationLinter
{
    internal const string EnumAnnotationPrefix = "Npgsql:Enum:";

    // Defaults PostgreSQL evaluates once for the whole ALTER TABLE (stable or immutable), so no rewrite.
    private static readonly HashSet<string> NonVolatileDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        "now()", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime",
        "transaction_timestamp()", "statement_timestamp()", "current_user", "session_user",
    };

    /// <summary>What the rules find in every migration's Up() and Down(), oldest first.</summary>
    public static IReadOnlyList<LintFinding> Lint(CompiledMigrations compiled) =>
        [.. compiled.All.SelectMany(m => Lint(compiled.Create(m), m.Id).Concat(Lint(compiled.Create(m), m.Id, MigrationDirection.Down)))];

    /// <param name="direction">Down() is judged as Up() is, but for VP008: going back drops what the migration made, and
    /// the data-loss guard refuses that while it holds data. Its enum changes are read without a model (the one before
    /// the migration is not the migration's).</param>
    public static IReadOnlyList<LintFinding> Lint(Migration migration, string id, MigrationDirection direction = MigrationDirection.Up)
    {
        var down = direction == MigrationDirection.Down;
        var operations = down ? migration.DownOperations : migration.UpOperations;
        var created = operations.OfType<CreateTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var dropped = operations.OfType<DropTableOperation>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var accepted = migration.GetType().GetCustomAttributes<AcceptsRiskAttribute>().ToList();
        var findings = new List<LintFinding>();
        void Flag(LintRule rule, string operation, string? table = null)
        {
            if (!(down && rule == LintRule.DropOrRename))
            {
                findings.Add(new LintFinding(rule, id, down ? $"Down: {operation}" : operation, accepted.FirstOrDefault(a => a.Covers(rule.Id, table))?.Reason, table));
            }
        }
        bool Existing(string table) => !created.Contains(table);

        foreach (var operation in operations)
        {
            switch (operation)
            {
                case CreateIndexOperation index when Existing(index.Table) && index[OnlineOperations.CreatedConcurrently] is not true:
                    Flag(LintRule.IndexNotConcurrent, $"CreateIndex {index.Name} on {index.Table}", index.Table);
                    break;
                case DropIndexOperation index when (index.Table is null || !dropped.Contains(index.Table)) && !OnlineOperations.IsOnline(index):
                    Flag(LintRule.DropIndexNotConcurrent, $"DropIndex {index.Name}", index.Table);
                    break;
                case AddForeignKeyOperation foreignKey when Existing(foreignKey.Table) && !OnlineOperations.IsOnline(foreignKey):
                    Flag(LintRule.ConstraintValidated, $"AddForeignKey {foreignKey.Name} on {foreignKey.Table}", foreignKey.Table);
                    break;
                case AddCheckConstraintOperation check when Existing(check.Table) && !OnlineOperations.IsOnline(check):
                    Flag(LintRule.ConstraintValidated, $"AddCheckConstraint {check.Name} on {check.Table}", check.Table);
                    break;
                case AlterColumnOperation column when Existing(column.Table):
                    if (!column.IsNullable && column.OldColumn.IsNullable && !OnlineOperations.IsOnline(column))
                    {
                        Flag(LintRule.SetNotNull, $"AlterColumn {column.Table}.{column.Name} to NOT NULL", column.Table);
                    }
                    if (!IsSafeTypeChange(column.OldColumn.ColumnType, column.ColumnType) || column.OldColumn.ClrType != column.ClrType)
                    {
                        Flag(LintRule.TypeRewrite,
                            $"AlterColumn {column.Table}.{column.Name} from {column.OldColumn.ColumnType ?? column.OldColumn.ClrType.Name} " +
                            $"to {column.ColumnType ?? column.ClrType.Name}", column.Table);
                    }
                    break;
                case AddColumnOperation column when Existing(column.Table) && column.DefaultValueSql is { } sql && IsVolatile(sql):
                    Flag(LintRule.VolatileDefault, $"AddColumn {column.Table}.{column.Name} DEFAULT {sql}", column.Table);
                    break;
                case AddUniqueConstraintOperation unique when Existing(unique.Table) && !OnlineOperations.IsOnline(unique):
                    Flag(LintRule.UniqueWithoutIndex, $"AddUniqueConstraint {unique.Name} on {unique.Table}", unique.Table);
                    break;
                case AddPrimaryKeyOperation key when Existing(key.Table):
                    Flag(LintRule.UniqueWithoutIndex, $"AddPrimaryKey {key.Name} on {key.Table}", key.Table);
                    break;
                // The contract half of a change (Deploys.ExpandContract): it runs once no older code serves, which is what VP008 asks.
                case DropColumnOperation column when !Deploys.ExpandContract.IsContract(column):
                    Flag(LintRule.DropOrRename, $"DropColumn {column.Table}.{column.Name}", column.Table);
                    break;
                case DropTableOperation table:
                    Flag(LintRule.DropOrRename, $"DropTable {table.Name}", table.Name);
                    break;
                case RenameColumnOperation column:
                    Flag(LintRule.DropOrRename, $"RenameColumn {column.Table}.{column.Name} to {column.NewName}", column.Table);
                    break;
                case RenameTableOperation table:
                    Flag(LintRule.DropOrRename, $"RenameTable {table.Name} to {table.NewName}", table.Name);
                    break;
                case BackfillOperation backfill when BackfillSql.Key(backfill, migration.TargetModel) is null:
                    Flag(LintRule.BackfillWithoutKey, $"Backfill {backfill.Table}.{backfill.Column}", backfill.Table);
                    break;
                case AlterDatabaseOperation database:
                    LintEnums(database, operations, down ? null : migration.TargetModel, Flag);
                    break;
                case SqlOperation raw when DataChange().Match(raw.Sql) is { Success: true } change && Existing(change.Groups["table"].Value):
                    Flag(LintRule.UnbatchedDataChange, $"Sql \"{SqlText.OneLine(raw.Sql, 80)}\"", change.Groups["table"].Value);
                    break;
                case SqlOperation raw:
                    var tables = TablesIn(raw.Sql, migration).Where(Existing).ToList();
                    if (tables.Count == 0)
                    {
                        Flag(LintRule.RawSql, $"Sql \"{SqlText.OneLine(raw.Sql, 80)}\"");
                    }
                    foreach (var table in tables)
                    {
                        Flag(LintRule.RawSql, $"Sql \"{SqlText.OneLine(raw.Sql, 80)}\" on {table}", table);
                    }
                    break;
            }
        }
        return findings;
    }

    private static void LintEnums(
        AlterDatabaseOperation database, IReadOnlyList<MigrationOperation> operations, IModel? model, Action<LintRule, string, string?> flag)
    {
        var before = Enums(database.OldDatabase.GetAnnotations());
        foreach (var (name, labels) in Enums(database.GetAnnotations()))
        {
            if (!before.TryGetValue(name, out var oldLabels))
            {
                continue;
            }
            // Renamed in place (OnlineOperations.EnumRenames): catalog only, and no row is left on a label that is gone.
            var renamed = OnlineOperations.Renames(database)[name].Select(r => r.From).ToHashSet(StringComparer.Ordinal);
            var removed = oldLabels.Except(labels).Where(l => !renamed.Contains(l)).ToList();
            if (removed.Count > 0)
            {
                // The type is recreated and each table with a column of it rewritten: those tables' size decides.
                var tables = model is null ? [] : EnumRecreationSql.Columns(model, name).Select(c => c.Table).Distinct().ToList();
                foreach (var table in tables.DefaultIfEmpty())
                {
                    flag(LintRule.EnumLabelRemoved, $"AlterDatabase enum {name} loses {string.Join(", ", removed)}" +
                        (table is null ? "" : $", rewriting {table}"), table);
                }
            }
            var used = labels.Except(oldLabels).Where(label => operations.Any(o => o != database && Mentions(o, label))).ToList();
            if (used.Count > 0)
            {
                flag(LintRule.EnumLabelAddedAndUsed, $"AlterDatabase enum {name} adds {string.Join(", ", used)}, used in the same migration", null);
            }
        }
    }

    internal static Dictionary<string, string[]> Enums(IEnumerable<Microsoft.EntityFrameworkCore.Infrastructure.IAnnotation> annotations) =>
        annotations.Where(a => a.Name.StartsWith(EnumAnnotationPrefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Name[EnumAnnotationPrefix.Length..], a => (a.Value as string ?? "").Split(','));

    // Whether an operation writes the label: raw SQL, seed data, or a default. A value the model gives as a member of the
    // CLR enum (Livre) is compared by the label it is stored as (LIVRE).
    private static bool Mentions(MigrationOperation operation, string label) => operation switch
    {
        SqlOperation raw => raw.Sql.Contains($"'{label}'", StringComparison.Ordinal),
        InsertDataOperation insert => insert.Values.Cast<object?>().Any(v => PostgresEnums.Label(v) == label),
        UpdateDataOperation update => update.Values.Cast<object?>().Any(v => PostgresEnums.Label(v) == label),
        ColumnOperation column => PostgresEnums.Label(column.DefaultValue) == label
            || (column.DefaultValueSql?.Contains($"'{label}'", StringComparison.Ordinal) ?? false),
        _ => false,
    };

    // The tables raw SQL names after FROM, JOIN, UPDATE, INTO, TABLE or ON (CREATE INDEX ... ON): of those, the ones the
    // migration's model has (a migration written without one: every name found).
    private static IEnumerable<string> TablesIn(string sql, Migration migration)
    {
        var known = migration.TargetModel?.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return TableReference().Matches(sql).Select(m => m.Groups["table"].Value)
            .Where(t => known is not { Count: > 0 } || known.Contains(t)).Distinct(StringComparer.Ordinal);
    }

    // Types PostgreSQL changes without a rewrite: the same type, a longer varchar, varchar to text.
    internal static bool IsSafeTypeChange(string? oldType, string? newType)
    {
        if (oldType is null || newType is null)
        {
            return oldType == newType;
        }
        var (from, to) = (StoreTypes.Normalize(oldType), StoreTypes.Normalize(newType));
        if (from == to || (from.StartsWith("character varying", StringComparison.Ordinal) && to is "text" or "character varying"))
        {
            return true;
        }
        var (oldLength, newLength) = (VarcharLength().Match(from), VarcharLength().Match(to));
        return oldLength.Success && newLength.Success
            && int.Parse(newLength.Groups[1].Value, CultureInfo.InvariantCulture) >= int.Parse(oldLength.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static bool IsVolatile(string defaultSql) =>
        defaultSql.Contains('(', StringComparison.Ordinal) && !NonVolatileDefaults.Contains(defaultSql.Trim());

    [GeneratedRegex(@"^character varying\((\d+)\)$")]
    private static partial Regex VarcharLength();

    [GeneratedRegex(@"\b(?:FROM|JOIN|UPDATE|INTO|TABLE|ON)\s+(?:ONLY\s+|IF\s+(?:NOT\s+)?EXISTS\s+)?""?(?<table>[A-Za-z_][A-Za-z0-9_]*)""?", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    // An UPDATE or DELETE written as raw SQL: the whole change in the migration's one transaction.
    [GeneratedRegex(@"^\s*(?:UPDATE\s+(?:ONLY\s+)?|DELETE\s+FROM\s+(?:ONLY\s+)?)""?(?<table>[A-Za-z_][A-Za-z0-9_]*)""?", RegexOptions.IgnoreCase)]
    private static partial Regex DataChange();
}
