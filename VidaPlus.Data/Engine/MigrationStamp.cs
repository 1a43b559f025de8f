using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Integrity;

namespace VidaPlus.Data.Engine;

/// <summary>
/// Sets the history to a revision without running any migration (Alembic's stamp), or, record-only, writes the
/// missing records of migrations applied without them (by a build older than the records, or another tool) as they are now.
/// </summary>
internal sealed class MigrationStamp(VidaPlusDbContext db, CompiledMigrations compiled, MigrationRecords records, MigrationRunner runner)
{
    public async Task<MigrationRun> StampAsync(Func<MigrationState, string> resolveTarget, CancellationToken cancellationToken)
    {
        await using var migrationLock = await runner.LockAsync(cancellationToken);
        var state = await runner.ReadStateAsync(cancellationToken);
        state.EnsureMigratable();
        var target = resolveTarget(state);
        var wanted = compiled.All.TakeWhile(m => !Revision.IsBase(target) && string.CompareOrdinal(m.Id, target) <= 0)
            .Select(m => m.Id).ToList();
        var history = db.GetService<IHistoryRepository>();
        var sql = string.Concat(
            state.Applied.Except(wanted).Select(history.GetDeleteScript)
                .Concat(wanted.Except(state.Applied).Select(m => history.GetInsertScript(new HistoryRow(m, ProductInfo.GetVersion())))));
        await history.CreateIfNotExistsAsync(cancellationToken);
        if (sql.Length > 0)
        {
            await using var open = await ConnectionScope.OpenAsync(runner.Connection, cancellationToken);
            await using var transaction = await runner.Connection.BeginTransactionAsync(cancellationToken);
            await EngineSql.ExecuteAsync(runner.Connection, sql, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // The history scripts write and delete the records too (RecordingHistoryRepository).
        return new MigrationRun(state.Current, Revision.LastOf(wanted), []);
    }

    public async Task<MigrationRun> RecordOnlyAsync(CancellationToken cancellationToken)
    {
        await using var migrationLock = await runner.LockAsync(cancellationToken);
        var state = await runner.ReadStateAsync(cancellationToken);
        state.EnsureMigratable();
        var recorded = await records.ReadAsync(cancellationToken);
        foreach (var id in state.Applied.Where(a => !recorded.ContainsKey(a)))
        {
            await records.RecordAsync(id, compiled.Checksum(id), compiled.Classify(id), TimeSpan.Zero, cancellationToken);
        }
        return new MigrationRun(state.Current, state.Current, []);
    }
}
