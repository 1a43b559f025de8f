using System.Data;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace VidaPlus.Data.Engine;

/// <summary>Where the migration being run stands: for the message when it stops, and for readiness.</summary>
/// <param name="Done">Steps committed, this run's and earlier runs' together.</param>
/// <param name="Current">The step running (or that stopped it); null between steps.</param>
internal sealed record StepPosition(string MigrationId, int Done, int Steps, PlanStep? Current);

/// <summary>
/// EF Core's command executor, running a migration of several steps as the plan it is (<see cref="StepPlan"/>): each
/// step commits with its record in <see cref="StepLog"/>, a rerun skips the steps an interrupted run committed, and a
/// validation that fails takes its constraint away again. Every path that applies migrations runs its commands through
/// here (EF Core's migrator calls it once per migration), so that `dotnet ef database update`, a bundle, the API and
/// `db upgrade` all resume the same way. A migration of one step (one transaction) runs as EF Core runs it.
/// </summary>
#pragma warning disable EF1001 // EF Core's executor is public but marked internal API; it is the one to extend.
internal sealed partial class ResumingCommandExecutor(IExecutionStrategy executionStrategy, ICurrentDbContext currentContext)
    : MigrationCommandExecutor(executionStrategy)
{
    /// <summary>The migration this executor runs or last ran; null before the first.</summary>
    public StepPosition? Position { get; private set; }

    public override int ExecuteNonQuery(
        IReadOnlyList<MigrationCommand> migrationCommands, IRelationalConnection connection, MigrationExecutionState executionState,
        bool commitTransaction, IsolationLevel? isolationLevel = null) =>
        Plan(migrationCommands, executionState) is { } plan
            ? RunAsync(plan, connection, executionState, CancellationToken.None).GetAwaiter().GetResult()
            : base.ExecuteNonQuery(migrationCommands, connection, executionState, commitTransaction, isolationLevel);

    public override Task<int> ExecuteNonQueryAsync(
        IReadOnlyList<MigrationCommand> migrationCommands, IRelationalConnection connection, MigrationExecutionState executionState,
        bool commitTransaction, IsolationLevel? isolationLevel = null, CancellationToken cancellationToken = default) =>
        Plan(migrationCommands, executionState) is { } plan
            ? RunAsync(plan, connection, executionState, cancellationToken)
            : base.ExecuteNonQueryAsync(migrationCommands, connection, executionState, commitTransaction, isolationLevel, cancellationToken);

    private sealed record Run(string Id, MigrationDirection Direction, StepPlan Plan);

    // A migration's commands (EF Core's migrator names the migration in the state) of more than one step, outside any
    // transaction of the caller's; anything else (the history table's creation, a single transaction) as EF Core runs it.
    private Run? Plan(IReadOnlyList<MigrationCommand> commands, MigrationExecutionState state)
    {
        if (state.CurrentMigrationId is not { } id || commands.Count == 0)
        {
            return null;
        }
        var plan = StepPlan.Of(commands);
        if (plan.Steps.Count < 2)
        {
            return null;
        }
        var history = currentContext.Context.GetService<IHistoryRepository>();
        var direction = commands[^1].CommandText == history.GetDeleteScript(id) ? MigrationDirection.Down : MigrationDirection.Up;
        return new Run(id, direction, plan);
    }

    private async Task<int> RunAsync(Run run, IRelationalConnection connection, MigrationExecutionState state, CancellationToken cancellationToken)
    {
        if (connection.CurrentTransaction is not null && state.Transaction is null)
        {
            throw new NotSupportedException($"Migration {run.Id} runs in steps, each committing on its own, so it cannot run inside a transaction of the caller's.");
        }
        await connection.OpenAsync(cancellationToken);
        try
        {
            var (done, plan) = await StepLog.ReadAsync(connection.DbConnection, state.Transaction?.GetDbTransaction(), run.Id, run.Direction, cancellationToken);
            if (done.Count > 0 && plan != run.Plan.Digest)
            {
                throw new MigrationStateException(
                    $"Migration {run.Id} was interrupted after {done.Count} step(s) of a plan this build does not have: its code changed since. " +
                    "Run it again with the build that started it, or see `db check`. Nothing was changed.");
            }
            Position = new(run.Id, done.Count, run.Plan.Steps.Count, null);
            foreach (var item in run.Plan.Items)
            {
                if (item is MigrationCommand session)
                {
                    await CommitAsync(state, cancellationToken);
                    await session.ExecuteNonQueryAsync(connection, cancellationToken: cancellationToken);
                    continue;
                }
                var step = (PlanStep)item;
                if (done.Contains(step.Number))
                {
                    continue;
                }
                Position = Position with { Current = step };
                var last = step.Number == run.Plan.Steps.Count;
                if (step.Kind == StepKind.Transaction)
                {
                    state.Transaction ??= await connection.BeginTransactionAsync(cancellationToken);
                    foreach (var command in step.Commands)
                    {
                        await command.ExecuteNonQueryAsync(connection, cancellationToken: cancellationToken);
                    }
                    // The last step changes the history row: the migration's records go with it.
                    await ExecuteAsync(connection, state,
                        last ? StepLog.ForgetSql(run.Id) : StepLog.RecordSql(run.Id, run.Direction, run.Plan.Digest, run.Plan.Steps.Count, step), cancellationToken);
                    await CommitAsync(state, cancellationToken);
                }
                else
                {
                    await CommitAsync(state, cancellationToken);
                    await RunOnlineAsync(run, step, connection, cancellationToken);
                    await ExecuteAsync(connection, state, StepLog.RecordSql(run.Id, run.Direction, run.Plan.Digest, run.Plan.Steps.Count, step), cancellationToken);
                }
                state.AnyOperationPerformed = true;
                Position = Position with { Done = Position.Done + 1, Current = null };
            }
        }
        catch
        {
            if (state.Transaction is not null)
            {
                await state.Transaction.DisposeAsync();
                state.Transaction = null;
            }
            await connection.CloseAsync();
            throw;
        }
        await connection.CloseAsync();
        return 0;
    }

    // A validation that fails over rows written since the proof (or over rows the proof could not see) must not leave the
    // constraint behind NOT VALID, refusing writers what they could do before: it is dropped, and its add forgotten so
    // that the next run, once the rows are fixed, adds and validates it again.
    private async Task RunOnlineAsync(Run run, PlanStep step, IRelationalConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var command in step.Commands)
            {
                await command.ExecuteNonQueryAsync(connection, cancellationToken: cancellationToken);
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation
            && Validate().Match(step.Commands[0].CommandText) is { Success: true } validate)
        {
            var (table, constraint) = (validate.Groups["table"].Value, validate.Groups["constraint"].Value);
            var add = run.Plan.Steps.LastOrDefault(s => s.Number < step.Number
                && s.Commands.Any(c => c.CommandText.Contains($"ADD CONSTRAINT {constraint} ", StringComparison.Ordinal)));
            await using var transaction = await connection.DbConnection.BeginTransactionAsync(cancellationToken);
            await using (var drop = connection.DbConnection.CreateCommand())
            {
                drop.Transaction = transaction;
                drop.CommandText = $"{EngineSql.RestoreLockTimeout}; ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {constraint}; " +
                    (add is null ? "" : StepLog.ForgetSql(run.Id, add.Number));
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            throw new ConstraintRefusedException(
                $"{constraint} on {table} is not true of every row ({e.MessageText}), so it was removed again: writers may do what they " +
                $"did before. Fix the rows, then run the migration again; it adds the constraint anew.", e);
        }
    }

    [GeneratedRegex(@"^ALTER TABLE (?<table>\S+) VALIDATE CONSTRAINT (?<constraint>\S+);", RegexOptions.CultureInvariant)]
    private static partial Regex Validate();

    private static async Task ExecuteAsync(IRelationalConnection connection, MigrationExecutionState state, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.DbConnection.CreateCommand();
        command.Transaction = state.Transaction?.GetDbTransaction();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CommitAsync(MigrationExecutionState state, CancellationToken cancellationToken)
    {
        if (state.Transaction is { } transaction)
        {
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
            state.Transaction = null;
        }
    }
}

#pragma warning restore EF1001

/// <summary>A constraint a migration adds is not true of the rows, and was taken away again: nothing refuses writers
/// because of it.</summary>
internal sealed class ConstraintRefusedException(string message, Exception inner) : Exception(message, inner);
