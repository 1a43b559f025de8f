using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data.Deploys;

/// <summary>
/// What the expand and contract halves of a column change are made of (<see cref="ExpandContract"/>), for the SQL
/// generator to write as it writes any operation (each step safe to run again, the backfill and the NOT NULL online),
/// so that every path that applies migrations runs the same.
/// </summary>
internal static class ColumnSyncSql
{
    /// <param name="added">An AddColumn marked <see cref="ExpandContract.ExpandFrom"/>.</param>
    /// <param name="defaultSql">Its default as SQL, which the trigger carries; null for none.</param>
    /// <param name="delimit">EF Core's quoting of an identifier, with its schema.</param>
    public static IEnumerable<MigrationOperation> Expand(AddColumnOperation added, string? defaultSql, Func<string, string?, string> delimit)
    {
        var from = (string)added[ExpandContract.ExpandFrom]!;
        var table = delimit(added.Table, added.Schema);
        var (old, @new) = (delimit(from, null), delimit(added.Name, null));
        var beside = new AddColumnOperation
        {
            Table = added.Table,
            Schema = added.Schema,
            Name = added.Name,
            ClrType = added.ClrType,
            ColumnType = added.ColumnType,
            IsUnicode = added.IsUnicode,
            IsFixedLength = added.IsFixedLength,
            MaxLength = added.MaxLength,
            Precision = added.Precision,
            Scale = added.Scale,
            Collation = added.Collation,
            IsNullable = true,
        };
        beside[OnlineOperations.Annotation] = true;
        yield return beside;
        // The default moves into the trigger: on either column it would hide which one a build wrote.
        yield return new SqlOperation { Sql = $"ALTER TABLE {table} ALTER COLUMN {old} DROP DEFAULT" };
        var toNew = added[ExpandContract.ToNew] as string ?? ExpandContract.OldValue;
        var toOld = added[ExpandContract.ToOld] as string ?? ExpandContract.NewValue;
        var sync = ExpandContract.SyncName(added.Table, from, added.Name);
        yield return new SqlOperation { Sql = Trigger(table, old, @new, toNew, toOld, defaultSql, delimit(sync, null), delimit(sync, added.Schema)) };
        var value = toNew.Replace(ExpandContract.OldValue, old, StringComparison.Ordinal);
        yield return new BackfillOperation
        {
            Table = added.Table,
            Schema = added.Schema,
            Column = added.Name,
            Value = value,
            Where = $"{@new} IS DISTINCT FROM ({value})",
        };
        if (!added.IsNullable)
        {
            var required = new AlterColumnOperation
            {
                Table = added.Table,
                Schema = added.Schema,
                Name = added.Name,
                ClrType = added.ClrType,
                ColumnType = added.ColumnType,
                IsNullable = false,
                OldColumn = { ClrType = added.ClrType, ColumnType = added.ColumnType, IsNullable = true },
            };
            required[OnlineOperations.Annotation] = true;
            yield return required;
        }
    }

    // Whichever build writes a row, the other column follows: an insert fills the column it left NULL (both, from the
    // default, when it left both); an update that changed only one column carries it to the other. An update that sets
    // the new column to what the old one already converts to (the backfill) leaves the old one alone, so a conversion
    // that loses something (a narrower type) never writes back over what older code stored.
    private static string Trigger(string table, string old, string @new, string toNew, string toOld, string? defaultSql, string trigger, string function)
    {
        string ToNew(string row) => toNew.Replace(ExpandContract.OldValue, $"{row}.{old}", StringComparison.Ordinal);
        string ToOld(string row) => toOld.Replace(ExpandContract.NewValue, $"{row}.{@new}", StringComparison.Ordinal);
        var fallback = defaultSql is null ? "" : $"""
                    IF NEW.{@new} IS NULL AND NEW.{old} IS NULL THEN
                        NEW.{@new} := {defaultSql};
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

    /// <param name="dropped">A DropColumn marked <see cref="ExpandContract.ContractTo"/>.</param>
    public static string Contract(DropColumnOperation dropped, Func<string, string?, string> delimit)
    {
        var kept = (string)dropped[ExpandContract.ContractTo]!;
        var table = delimit(dropped.Table, dropped.Schema);
        var sync = ExpandContract.SyncName(dropped.Table, dropped.Name, kept);
        return $"""
            DROP TRIGGER IF EXISTS {delimit(sync, null)} ON {table};
            DROP FUNCTION IF EXISTS {delimit(sync, dropped.Schema)}();
            ALTER TABLE {table} DROP COLUMN IF EXISTS {delimit(dropped.Name, null)};
            """ + (dropped[ExpandContract.TakesName] is true ? $"\nALTER TABLE {table} RENAME COLUMN {delimit(kept, null)} TO {delimit(dropped.Name, null)};" : "")
            + (dropped[ExpandContract.KeptDefault] is string value
                ? $"\nALTER TABLE {table} ALTER COLUMN {delimit(dropped[ExpandContract.TakesName] is true ? dropped.Name : kept, null)} SET DEFAULT {value};"
                : "");
    }
}
