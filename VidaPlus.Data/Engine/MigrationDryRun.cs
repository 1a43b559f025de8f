using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql;

namespace VidaPlus.Data.Engine;

/// <summary>One pending migration tried in a dry run: how long it took, or why it failed.</summary>
public sealed record DryRunStep(string Id, TimeSpan Duration, string? Error);

/// <summary>
/// Runs pending migrations for real, against the real data, inside one transaction that is then rolled back
/// (PostgreSQL DDL is transactional): what would succeed, how long each took, and the first failure.
/// </summary>
internal sealed class MigrationDryRun(VidaPlusDbContext db, CompiledMigrations compiled, MigrationRunner runner, LockWaitOptions locks)
{
    public async Task<IReadOnlyList<DryRunStep>> RunAsync(Func<MigrationState, string> resolveTarget, CancellationToken cancellationToken)
    {
        await using var migrationLock = await runner.LockAsync(cancellationToken);
        var state = await runner.ReadStateAsync(cancellationToken);
        state.EnsureMigratable();
        var id = resolveTarget(state);
        var pending = state.Pending.TakeWhile(m => string.CompareOrdinal(m.Id, id) <= 0).ToList();
        foreach (var migration in pending)
        {
            var operations = compiled.Create(migration).UpOperations;
            if (operations.Any(o => o is SqlOperation { SuppressTransaction: true } || Safety.OnlineOperations.IsOnline(o)))
            {
                throw new MigrationStateException(
                    $"{migration.Id} has steps that cannot run inside a transaction (CONCURRENTLY, VALIDATE CONSTRAINT or " +
                    "suppressTransaction), so it cannot be dry-run. Nothing was changed.");
            }
        }

        var migrator = db.GetService<IMigrator>();
        var steps = new List<DryRunStep>();
        var connection = runner.Connection;
        await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await EngineSql.SetLockTimeoutAsync(connection, locks.LockTimeout, local: true, cancellationToken);
            var previous = Revision.ToEf(state.Current);
            foreach (var migration in pending)
            {
                var sql = migrator.GenerateScript(previous, migration.Id, MigrationsSqlGenerationOptions.NoTransactions);
                var clock = Stopwatch.StartNew();
                try
                {
                    await EngineSql.ExecuteAsync(connection, sql, cancellationToken);
                }
                catch (PostgresException e)
                {
                    steps.Add(new DryRunStep(migration.Id, clock.Elapsed, $"{e.SqlState}: {e.MessageText}"));
                    break;
                }
                steps.Add(new DryRunStep(migration.Id, clock.Elapsed, null));
                previous = migration.Id;
            }
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        return steps;
    }
}
