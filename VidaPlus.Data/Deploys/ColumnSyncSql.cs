using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data.Deploys;

/// <summary>
/// What an <see cref="ExpandColumnOperation"/> and a <see cref="ContractColumnOperation"/> are made of, for the SQL
/// generator to write as it writes the operations themselves (each step safe to run again, the backfill and the NOT
/// NULL online), so that every path that applies migrations runs the same.
/// </summary>
internal static class ColumnSyncSql
{
    /// <param name="delimit">EF Core's quoting of an identifier, with its schema.</param>
    public static IEnumerable<MigrationOperation> Expand(ExpandColumnOperation expand, Func<string, string?, string> delimit)
    {
        var table = delimit(expand.Table, expand.Schema);
        var (old, @new) = (delimit(expand.Column, null), delimit(expand.NewColumn, null));
        var added = new AddColumnOperation
        {
            Table = expand.Table,
            Schema = expand.Schema,
            Name = expand.NewColumn,
            ClrType = typeof(object),
            ColumnType = expand.NewType,
            IsNullable = true,
        };
        added[OnlineOperations.Annotation] = true;
        yield return added;
        // The default moves into the trigger: on either column it would hide which one a build wrote.
        yield return new SqlOperation { Sql = $"ALTER TABLE {table} ALTER COLUMN {old} DROP DEFAULT" };
        yield return new SqlOperation { Sql = Trigger(expand, table, old, @new, delimit(expand.Trigger, null), delimit(expand.Trigger, expand.Schema)) };
        var value = expand.ToNew.Replace(ExpandColumnOperation.OldValue, old, StringComparison.Ordinal);
        yield return new BackfillOperation
        {
            Table = expand.Table,
            Schema = expand.Schema,
            Column = expand.NewColumn,
            Value = value,
            Where = $"{@new} IS DISTINCT FROM ({value})",
        };
        if (!expand.NewNullable)
        {
            var required = new AlterColumnOperation
            {
                Table = expand.Table,
                Schema = expand.Schema,
                Name = expand.NewColumn,
                ClrType = typeof(object),
                ColumnType = expand.NewType,
                IsNullable = false,
                OldColumn = { ClrType = typeof(object), ColumnType = expand.NewType, IsNullable = true },
            };
            required[OnlineOperations.Annotation] = true;
            yield return required;
        }
    }

    // Whichever build writes a row, the other column follows: an insert fills the column it left NULL (both, from the
    // default, when it left both); an update that changed only one column carries it to the other. An update that sets
    // the new column to what the old one already converts to (the backfill) leaves the old one alone, so a conversion
    // that loses something (a narrower type) never writes back over what older code stored.
    private static string Trigger(ExpandColumnOperation expand, string table, string old, string @new, string trigger, string function)
    {
        string ToNew(string row) => expand.ToNew.Replace(ExpandColumnOperation.OldValue, $"{row}.{old}", StringComparison.Ordinal);
        string ToOld(string row) => expand.ToOld.Replace(ExpandColumnOperation.NewValue, $"{row}.{@new}", StringComparison.Ordinal);
        var fallback = expand.Default is null ? "" : $"""
                    IF NEW.{@new} IS NULL AND NEW.{old} IS NULL THEN
                        NEW.{@new} := {expand.Default};
                    END IF;

            """;
        return $"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $vp_sync$
            BEGIN
                IF TG_OP = 'INSERT' THEN
            {fallback}        IF NEW.{@new} IS NULL THEN
                        NEW.{@new} := {ToNew("NEW")};
                    ELSIF NEW.{old} IS NULL THEN
                        NEW.{old} := {ToOld("NEW")};
                    END IF;
                ELSIF NEW.{old} IS DISTINCT FROM OLD.{old} AND NEW.{@new} IS NOT DISTINCT FROM OLD.{@new} THEN
                    NEW.{@new} := {ToNew("NEW")};
                ELSIF NEW.{@new} IS DISTINCT FROM OLD.{@new} AND NEW.{old} IS NOT DISTINCT FROM OLD.{old}
                    AND NEW.{@new} IS DISTINCT FROM {ToNew("NEW")} THEN
                    NEW.{old} := {ToOld("NEW")};
                END IF;
                RETURN NEW;
            END
            $vp_sync$;
            DROP TRIGGER IF EXISTS {trigger} ON {table};
            CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()
            """;
    }

    public static string Contract(ContractColumnOperation contract, Func<string, string?, string> delimit)
    {
        var table = delimit(contract.Table, contract.Schema);
        return $"""
            DROP TRIGGER IF EXISTS {delimit(contract.Trigger, null)} ON {table};
            DROP FUNCTION IF EXISTS {delimit(contract.Trigger, contract.Schema)}();
            ALTER TABLE {table} DROP COLUMN IF EXISTS {delimit(contract.Column, null)};
            """ + (contract.Default is null ? "" : $"\nALTER TABLE {table} ALTER COLUMN {delimit(contract.Kept, null)} SET DEFAULT {contract.Default};");
    }
}
