using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Data.Hosting;

/// <summary>The database stayed unreachable for as long as startup was willing to wait.</summary>
public sealed class DatabaseUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// What the API does to the schema before it serves: when the database is clean at head (the usual restart), one
/// query decides it (<see cref="HeadCheck"/>). Otherwise it waits for the database with backoff, refuses a database
/// that holds migrations this build does not know or edited ones, then applies what is pending through
/// <see cref="MigrationService"/> (one advisory lock for the whole run, so replicas starting together take turns) or,
/// with migration off, only reports what is pending. Resolved in a scope whose context is on the migration
/// connection (<see cref="RunAsync(IServiceScopeFactory, CancellationToken)"/>): a direct one when the API serves
/// through a pooler.
/// </summary>
internal sealed class StartupMigrator(
    MigrationService service, HeadCheck headCheck, VidaPlusSettings settings, TimeProvider time, ILogger<StartupMigrator> logger)
{
    /// <summary>Runs the startup migration in a scope of its own, on the migration database.</summary>
    /// <returns>What this process applied; null when nothing was to be done or migration is off.</returns>
    public static async Task<MigrationRun?> RunAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ScopeDatabase>().UseMigrationDatabase();
        return await scope.ServiceProvider.GetRequiredService<StartupMigrator>().RunAsync(cancellationToken);
    }

    /// <returns>What this process applied; null when nothing was to be done or migration is off.</returns>
    public Task<MigrationRun?> RunAsync(CancellationToken cancellationToken = default) =>
        VidaPlusTelemetry.InSpanAsync("startup migration", settings.MigrationDatabase.Database, _ => RunAsync(settings.MigrationDatabase, cancellationToken));

    private async Task<MigrationRun?> RunAsync(DatabaseUrl database, CancellationToken cancellationToken)
    {
        // Its own connection, outside EF Core: the usual restart is answered before EF Core starts. (Pooled: the head
        // check reuses the session the wait opened.)
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            try
            {
                await WaitForDatabaseAsync(connection, settings.DatabaseWait, database.ToString(), cancellationToken);
            }
            // Not worth waiting for (a TLS check that failed, a server refusing this client): said plainly, at once.
            catch (Exception e) when (ConnectionFailure.IsConnectionFailure(e))
            {
                throw new DatabaseUnavailableException(await ConnectionFailure.DescribeAsync(database, e, cancellationToken), e);
            }
            // Remembered only by a start that may change the database.
            if (await headCheck.CleanHeadAsync(connection, remember: settings.MigrateOnStartup, cancellationToken) is { } head)
            {
                logger.LogInformation("Database {Database} is at head ({Revision}); nothing to migrate", database, head);
                return null;
            }
        }
        var state = await service.ReadHistoryAsync(cancellationToken);
        VidaPlusTelemetry.Pending.Record(state.Pending.Count, new KeyValuePair<string, object?>("db.namespace", database.Database));
        // The rule for a newer schema, the same with migration on or off: expand migrations only, and this build runs on it.
        state.EnsureMigratable(allowExpandAhead: true);
        if (state.AheadNote is { } ahead)
        {
            logger.LogWarning("Database {Database}: {Ahead}", database, ahead);
        }
        var records = await service.ReadRecordsAsync(cancellationToken);
        var unrecorded = state.Unrecorded(records);
        if (unrecorded.Count > 0)
        {
            logger.LogWarning(
                "Database {Database}: applied migration(s) {Unrecorded} have no VidaPlus record (applied by `dotnet ef`, a script, or a process " +
                "that died before recording), so an edit to them would go unnoticed: run `db stamp --record-only`", database, string.Join(", ", unrecorded));
        }
        if (!settings.MigrateOnStartup)
        {
            if (state.Pending.Count > 0)
            {
                logger.LogWarning(
                    "Database {Database} has {Count} pending migration(s) ({Pending}) and {Key} is false: " +
                    "/health/ready reports unhealthy until `db upgrade` runs", database, state.Pending.Count,
                    string.Join(", ", state.Pending.Select(m => m.Id)), VidaPlusSettings.MigrateOnStartupKey);
            }
            else
            {
                logger.LogInformation("Database {Database} is at head ({Revision})", database, state.Current);
            }
            return null;
        }

        if (!settings.AllowChanged)
        {
            var changed = await service.ChangedAsync(state, cancellationToken);
            if (changed.Count > 0)
            {
                throw new MigrationStateException(
                    $"Applied migration(s) {string.Join(", ", changed.Select(c => c.Id))} changed since they ran (checksum mismatch): " +
                    $"restore them, or set {VidaPlusSettings.AllowChangedKey}=true to migrate anyway.");
            }
        }
        var run = await service.UpgradeAsync(Revision.Head,
            step => logger.LogInformation("Applied {Migration} in {Milliseconds:0} ms", step.Id, step.Duration.TotalMilliseconds),
            cancellationToken);
        if (run.Steps.Count == 0)
        {
            logger.LogInformation("Database {Database} is at head ({Revision}); nothing to migrate", database, run.To);
        }
        else
        {
            logger.LogInformation("Migrated {Database} from {From} to {To} ({Count} migration(s))", database, run.From, run.To, run.Steps.Count);
        }
        return run;
    }

    // Retries with backoff (0.25 s doubling to 5 s) until `limit` has passed since the first failure, so a slow
    // first attempt (a cold process on a busy machine) does not eat the whole budget.
    private async Task WaitForDatabaseAsync(NpgsqlConnection connection, TimeSpan limit, string database, CancellationToken cancellationToken)
    {
        long? firstFailure = null;
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The raw connection: EF's execution strategy would wrap the error and retry on its own schedule.
                await connection.OpenAsync(cancellationToken);
                await connection.CloseAsync();
                return;
            }
            catch (Exception e) when (ConnectionFailure.IsWorthWaiting(e))
            {
                firstFailure ??= time.GetTimestamp();
                var waited = time.GetElapsedTime(firstFailure.Value);
                var left = limit - waited;
                if (left <= TimeSpan.Zero)
                {
                    throw new DatabaseUnavailableException(
                        $"Database {database} still unreachable after {attempt} attempt(s) over " +
                        $"{waited.TotalSeconds:0.#} s: {e.Message}", e);
                }
                var wait = delay < left ? delay : left;
                logger.LogWarning("Database {Database} not reachable (attempt {Attempt}): {Reason}; retrying in {Delay} ms",
                    database, attempt, e.Message, (int)wait.TotalMilliseconds);
                await Task.Delay(wait, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
