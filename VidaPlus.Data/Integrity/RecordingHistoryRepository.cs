using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Integrity;

/// <summary>
/// EF Core's history table, with VidaPlus's record of each migration written by the same script: EF Core runs the
/// history insert (and delete) inside the migration's own transaction, so the record commits with the migration or not
/// at all, whoever applies it (the API, `db upgrade`, `dotnet ef database update`, a bundle, or a DBA running the
/// SQL of `db script`). No crash can leave a migration applied without its record.
/// </summary>
#pragma warning disable EF1001 // Npgsql's history repository is public but marked internal API; it is the one to extend.
internal sealed class RecordingHistoryRepository(HistoryRepositoryDependencies dependencies) : NpgsqlHistoryRepository(dependencies)
#pragma warning restore EF1001
{
    public override string GetInsertScript(HistoryRow row)
    {
        var compiled = CompiledMigrations.For(Dependencies.CurrentContext.Context);
        return base.GetInsertScript(row) + MigrationRecords.CreateTableSql + (compiled.Contains(row.MigrationId)
            ? MigrationRecords.RecordSql(row.MigrationId, compiled.Checksum(row.MigrationId), compiled.Classify(row.MigrationId), TimeSpan.Zero)
            : "");
    }

    /// <summary>A query that returns a row when the history holds <paramref name="id"/>: the guard of an idempotent script.</summary>
    public string AppliedSql(string id) =>
        $"SELECT 1 FROM {SqlGenerationHelper.DelimitIdentifier(TableName, TableSchema)} WHERE {SqlGenerationHelper.DelimitIdentifier(MigrationIdColumnName)} = {SqlText.Literal(id)}";

    // EF Core's own lock (Npgsql's LOCK TABLE on the history, in each migration's transaction) would make every reader of
    // the history (each replica's readiness probe) wait for a migration's transaction to end. The engine holds the
    // migration lock for the whole run instead (MigrationLocker), and every path migrates through it (VidaPlusMigrator):
    // here there is nothing left to lock, only that to check.
    public override LockReleaseBehavior LockReleaseBehavior => LockReleaseBehavior.Connection;

    public override IMigrationsDatabaseLock AcquireDatabaseLock() => new EngineHeldLock(this);

    public override Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IMigrationsDatabaseLock>(new EngineHeldLock(this));

    private sealed class EngineHeldLock : IMigrationsDatabaseLock
    {
        public EngineHeldLock(IHistoryRepository history)
        {
            if (!EngineRun.Active)
            {
                throw new InvalidOperationException("VidaPlus migrations are applied by the VidaPlus migration engine, which holds the migration lock.");
            }
            HistoryRepository = history;
        }

        public IHistoryRepository HistoryRepository { get; }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public override string GetDeleteScript(string migrationId) =>
        base.GetDeleteScript(migrationId) + MigrationRecords.CreateTableSql +
        $"DELETE FROM {MigrationRecords.TableName} WHERE migration_id = {SqlText.Literal(migrationId)};\n";
}
