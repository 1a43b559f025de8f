using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace VidaPlus.Data.Safety;

/// <summary>
/// A data change on a table that may be big and busy: <c>UPDATE table SET column = value WHERE where</c>, run after the
/// migration's schema transaction commits, in batches of <see cref="BatchSize"/> keys of <see cref="KeyColumns"/> walked in order, each
/// its own short transaction, its progress kept in <c>__vidaplus_backfills</c> so that an interrupted run resumes where
/// it stopped (<see cref="BackfillSql"/>). Written with <c>migrationBuilder.Backfill(...)</c>.
/// </summary>
public sealed class BackfillOperation : MigrationOperation, ITableMigrationOperation
{
    /// <summary>Batches of this many keys: each takes tens of milliseconds on a busy table, so a writer that meets one
    /// waits about that long.</summary>
    public const int DefaultBatchSize = 5_000;

    public required string Table { get; init; }

    public string? Schema { get; init; }

    /// <summary>The column set.</summary>
    public required string Column { get; init; }

    /// <summary>The SQL expression it is set to, evaluated for each row (it may read the row's other columns).</summary>
    public required string Value { get; init; }

    /// <summary>An SQL condition the rows changed must meet, besides their key range; null for every row.</summary>
    public string? Where { get; init; }

    /// <summary>The columns of a key of the table, of any types, whose values are walked in order (keyset pagination); null:
    /// the table's primary key in the migration's model (id when the migration has no model).</summary>
    public IReadOnlyList<string>? KeyColumns { get; init; }

    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>The backfill's name in <c>__vidaplus_backfills</c>: the table and column, and a digest of what it does
    /// (not of its batch size, which may change between an interrupted run and its resumption).</summary>
    public string Job => $"{Table}.{Column}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{Schema}\n{Table}\n{Column}\n{Value}\n{Where}\n{string.Join(",", KeyColumns ?? [])}")))[..12]}";
}
