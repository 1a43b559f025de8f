using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace VidaPlus.Data.Deploys;

/// <summary>
/// A change to a column that older code still reads and writes (a rename, a new type), made in two halves while both
/// builds serve, written as EF Core's own operations with VidaPlus's annotations, so that the migration files stay
/// plain EF Core:
/// <list type="bullet">
/// <item><b>expand</b>: an <c>AddColumn</c> marked <see cref="ExpandFrom"/> the old column. It is added beside it, kept
/// equal to it in both directions by a trigger (whatever build writes, the other reads the same value), filled for the
/// rows there are by a batched Backfill, and made NOT NULL online when required (<see cref="ColumnSyncSql"/>);</item>
/// <item><b>contract</b>: a <c>DropColumn</c> of the old column marked <see cref="ContractTo"/> the new one, in a
/// <see cref="ContractAttribute"/> migration: the trigger and the old column dropped, the kept column's default set.</item>
/// </list>
/// Each is the other's Down.
/// </summary>
internal static class ExpandContract
{
    /// <summary>On an AddColumn: the existing column the added one is kept equal to until the contract.</summary>
    public const string ExpandFrom = "VidaPlus:ExpandFrom";

    /// <summary>On an AddColumn marked <see cref="ExpandFrom"/>: the new value from the old one's, SQL over <see cref="OldValue"/>.</summary>
    public const string ToNew = "VidaPlus:ToNew";

    /// <summary>On an AddColumn marked <see cref="ExpandFrom"/>: the old value from the new one's, SQL over <see cref="NewValue"/>.</summary>
    public const string ToOld = "VidaPlus:ToOld";

    /// <summary>On a DropColumn: the column it was kept equal to, which stays.</summary>
    public const string ContractTo = "VidaPlus:ContractTo";

    /// <summary>On a DropColumn marked <see cref="ContractTo"/>: the kept column takes the dropped one's name (a column widened
    /// under the same name, whose new type was kept beside it under another).</summary>
    public const string TakesName = "VidaPlus:TakesName";

    /// <summary>On a DropColumn marked <see cref="ContractTo"/>: the kept column's default from now on (SQL).</summary>
    public const string KeptDefault = "VidaPlus:KeptDefault";

    public const string OldValue = "{old}";

    public const string NewValue = "{new}";

    public static bool IsExpand(MigrationOperation operation) => operation is AddColumnOperation && operation[ExpandFrom] is string;

    public static bool IsContract(MigrationOperation operation) => operation is DropColumnOperation && operation[ContractTo] is string;

    /// <summary>The trigger (and its function) that keeps a pair of columns equal: one name for the pair, whichever way it goes.</summary>
    public static string SyncName(string table, string first, string second)
    {
        var pair = string.CompareOrdinal(first, second) < 0 ? $"{first}_{second}" : $"{second}_{first}";
        var name = $"vp_sync_{table}_{pair}";
        return name.Length <= 63 ? name
            : $"{name[..50]}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12]}";
    }
}
