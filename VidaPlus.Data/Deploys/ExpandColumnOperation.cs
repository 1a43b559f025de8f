using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace VidaPlus.Data.Deploys;

/// <summary>
/// The expand half of a change to a column that older code still reads and writes (a rename, a new type): a new column
/// beside the old one, kept equal to it in both directions by a trigger (whatever build writes, the other reads the
/// same value), filled for the rows there are by a batched Backfill, and made NOT NULL online when the column is
/// required. Both builds serve on the expanded schema; <see cref="ContractColumnOperation"/> later drops the old
/// column. Written with <c>migrationBuilder.ExpandColumn(...)</c>; its SQL is <see cref="ColumnSyncSql"/>'s.
/// </summary>
public sealed class ExpandColumnOperation : MigrationOperation, ITableMigrationOperation
{
    /// <summary>What a conversion names the old column's value by (in <see cref="ToNew"/>) and the new one's by (in <see cref="ToOld"/>).</summary>
    public const string OldValue = "{old}";

    public const string NewValue = "{new}";

    public required string Table { get; init; }

    public string? Schema { get; init; }

    /// <summary>The column older code uses.</summary>
    public required string Column { get; init; }

    public required string NewColumn { get; init; }

    /// <summary>The new column's store type, e.g. <c>character varying(50)</c> or <c>bigint</c>.</summary>
    public required string NewType { get; init; }

    /// <summary>Whether the new column takes NULL; false makes it NOT NULL once filled (as the old one is, for a rename).</summary>
    public bool NewNullable { get; init; }

    /// <summary>The new column's value from the old one's, as SQL over <see cref="OldValue"/>; the value itself by default
    /// (a rename, or a type PostgreSQL assigns implicitly: integer to bigint).</summary>
    public string ToNew { get; init; } = OldValue;

    /// <summary>The old column's value from the new one's, as SQL over <see cref="NewValue"/>: what the older build reads of
    /// a row the newer one wrote.</summary>
    public string ToOld { get; init; } = NewValue;

    /// <summary>The default both columns take in a row written with neither (SQL), carried by the trigger while both
    /// exist: a default on either column would hide which one a build wrote. Null for none.</summary>
    public string? Default { get; init; }

    /// <summary>The trigger (and its function) that keeps the pair equal: one name for the pair, whichever way it goes.</summary>
    public string Trigger => SyncName(Table, Column, NewColumn);

    internal static string SyncName(string table, string first, string second)
    {
        var pair = string.CompareOrdinal(first, second) < 0 ? $"{first}_{second}" : $"{second}_{first}";
        var name = $"vp_sync_{table}_{pair}";
        return name.Length <= 63 ? name
            : $"{name[..50]}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12]}";
    }
}

/// <summary>
/// The contract half: the old column of an <see cref="ExpandColumnOperation"/> dropped with the trigger that kept it
/// equal to the new one, and the default (if any) set on the one kept. Catalog changes only, in one short transaction
/// under the lock timeout. Runs once no build that reads the old column serves (a <see cref="ContractAttribute"/>
/// migration). Written with <c>migrationBuilder.ContractColumn(...)</c>.
/// </summary>
public sealed class ContractColumnOperation : MigrationOperation, ITableMigrationOperation
{
    public required string Table { get; init; }

    public string? Schema { get; init; }

    /// <summary>The column dropped.</summary>
    public required string Column { get; init; }

    /// <summary>The column kept, which the dropped one was kept equal to.</summary>
    public required string Kept { get; init; }

    /// <summary>The default the kept column takes from now on (SQL); null for none.</summary>
    public string? Default { get; init; }

    public override bool IsDestructiveChange => true;

    public string Trigger => ExpandColumnOperation.SyncName(Table, Column, Kept);
}
