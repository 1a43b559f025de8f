using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace VidaPlus.Data.Migrating;

/// <summary>
/// Brings the database to the latest migration when the API starts: waits for the database with backoff, then
/// applies each pending migration in order, logging where it started, each step with its time, and where it ended.
/// </summary>
public sealed class StartupMigrator(VidaPlusDbContext db, ILogger<StartupMigrator> logger)
{
    /// <summary>How long to keep retrying an unreachable database.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public async Task MigrateAsync(string database, CancellationToken cancellationToken = default)
    {
        await WaitForDatabaseAsync(database, cancellationToken);

        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        var from = applied.LastOrDefault() ?? "base";
        if (pending.Count == 0)
        {
            logger.LogInformation("Database {Database} is at head ({Revision}); nothing to migrate", database, from);
            return;
        }

        logger.LogInformation("Migrating {Database} from {From}: {Count} pending", database, from, pending.Count);
        var migrator = db.GetService<IMigrator>();
        foreach (var migration in pending)
        {
            var clock = Stopwatch.StartNew();
            await migrator.MigrateAsync(migration, cancellationToken);
            logger.LogInformation("Applied {Migration} in {Milliseconds} ms", migration, clock.ElapsedMilliseconds);
        }
        logger.LogInformation("Database {Database} is at {Revision}", database, pending[^1]);
    }

    private async Task WaitForDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.CloseConnectionAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && deadline.Elapsed < ConnectTimeout)
            {
                logger.LogWarning("Database {Database} not reachable (attempt {Attempt}): {Reason}; retrying in {Delay} ms",
                    database, attempt, e.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
