using Microsoft.EntityFrameworkCore;
using Npgsql;
using VidaPlus.Data.Adoption;
using VidaPlus.Data.Integrity;
using VidaPlus.Data.Roles;
using VidaPlus.Data.Safety;
using VidaPlus.Data.Schema;

namespace VidaPlus.Data.Engine;

/// <summary>A problem <c>db check</c> reports, with what to do about it.</summary>
/// <param name="Code">alembic-database, model-changes, ahead (the database holds migrations this build lacks, every one
/// expand, so this build runs on it), unknown-revision (it holds one this build cannot run on, and each it lacks),
/// out-of-order, changed-migration, no-record, interrupted (a migration part-way, and where), interrupted-leftover (what its
/// steps made so far, which the next run keeps or rebuilds), backfill (one that stopped, and where), drift, unsafe-migration (a
/// pending one) or behind.</param>
public sealed record CheckProblem(string Code, string Message);

/// <summary>An applied migration whose code no longer matches the checksum recorded when it ran.</summary>
internal sealed record ChangedMigration(string Id, MigrationRecord Record, string Now);

/// <summary>
/// Alembic's check and more: the model against the migrations, the history against this build, the records
/// against the code, the live schema against what the applied migrations make, and the pending ones against lint.
/// </summary>
internal sealed class MigrationCheck(VidaPlusDbContext db, MigrationCatalog catalog, MigrationRecords records, MigrationRunner runner)
{
    /// <param name="allowedDrift">Schema objects (as <see cref="SchemaDifference.Object"/> names them) added on purpose, with why.</param>
    /// <param name="servingRole">DATABASE_URL's role when another migrates; null to leave roles alone.</param>
    public async Task<IReadOnlyList<CheckProblem>> RunAsync(
        IReadOnlyDictionary<string, string>? allowedDrift, string? servingRole, CancellationToken cancellationToken)
    {
        var problems = new List<CheckProblem>();
        if (db.Database.HasPendingModelChanges())
        {
            problems.Add(new("model-changes",
                "The model has changes that no migration captures: run `dotnet ef migrations add NAME --project VidaPlus.Data`, review it, commit it."));
        }
        var state = await runner.ReadStateAsync(cancellationToken);
        if (state.IsAlembic)
        {
            // Nothing else can be judged until it is adopted: its schema is Alembic's, not our migrations'.
            return [.. problems, new CheckProblem("alembic-database", AlembicDatabase.Explain(state.AlembicRevision!))];
        }
        // "Ahead" means one thing everywhere (MigrationState.OnlyExpandAhead): every migration this build lacks is
        // expand, and this build runs on the schema; one contract or unrecorded among them, and none of them is.
        problems.AddRange(state.Unknown.Select(id => state.OnlyExpandAhead
            ? new CheckProblem("ahead",
                $"The database is ahead of this build by {state.DescribeUnknown(id)}: this build runs on it, but is behind it. " +
                "Deploy the build that has it (or `db downgrade` with that build to go back).")
            : new CheckProblem("unknown-revision",
                $"Can't locate revision {state.DescribeUnknown(id)}: the database has it applied but this build does not know it, and " +
                "cannot run on the database as it is: not every migration it lacks was recorded expand (the database is newer than " +
                "this code, or the migration file was deleted). " +
                "Deploy the build that has it, `db downgrade` with it, or restore the file.")));
        problems.AddRange(state.OutOfOrder.Select(o => new CheckProblem("out-of-order",
            $"Pending migration {o.Pending.Id} sorts before {o.NewerApplied}, which is already applied: two branches each " +
            $"added a migration. Regenerate {o.Pending.Name} on top: `dotnet ef migrations remove` it (with the model change kept) " +
            "and `dotnet ef migrations add` it again.")));
        var recorded = await records.ReadAsync(cancellationToken);
        problems.AddRange(Changed(catalog.Compiled, state, recorded).Select(c => new CheckProblem("changed-migration",
            $"Applied migration {c.Id} was edited after it ran (applied {c.Record.AppliedAt:yyyy-MM-dd HH:mm:ss}Z by {c.Record.AppVersion}; " +
            "its checksum no longer matches). Restore it as it was and put the change in a new migration.")));
        problems.AddRange(state.Unrecorded(recorded)
            .Select(id => new CheckProblem("no-record",
                $"Applied migration {id} has no VidaPlus record (applied by a build older than the records, or another tool): " +
                "run `db stamp --record-only` to record it as it is now.")));
        var interrupted = await StepLog.ReadAllAsync(runner.Connection, cancellationToken);
        problems.AddRange(StepLog.Describe(interrupted).Select(line => new CheckProblem("interrupted",
            $"{line}. Run the same verb again to finish it: each step is written to run again, and nothing needs removing by hand.")));
        problems.AddRange(await BackfillsAsync(cancellationToken));
        if (state.Unknown.Count == 0)
        {
            // What an interrupted migration's steps made is no drift: the schema lies between its revision and the next.
            var inFlight = interrupted.FirstOrDefault(s => s.Direction == MigrationDirection.Up && !state.IsApplied(s.MigrationId))?.MigrationId;
            var (drift, explained) = await DriftAsync(state, inFlight, cancellationToken);
            problems.AddRange(drift.Where(d => allowedDrift is null || !allowedDrift.ContainsKey(d.Object)).Select(d => explained(d)
                ? new CheckProblem("interrupted-leftover", $"{d}: made by the steps {inFlight} has done so far. The next `db upgrade` " +
                    (d.Problem.Contains("invalid", StringComparison.Ordinal)
                        ? "renames an INVALID index aside, builds the index beside it, then drops the leftover."
                        : "goes on from there and completes the migration; nothing to remove."))
                : new CheckProblem("drift",
                    $"Schema drift at {state.Current}: {d}. Remove it, or capture it in a migration, or allow it in the drift allow-list with a reason.")));
        }
        var pendingIds = state.Pending.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(MigrationLinter.Lint(catalog.Compiled).Where(f => f.IsProblem && pendingIds.Contains(f.Migration))
            .Select(f => new CheckProblem("unsafe-migration", f.ToString())));
        if (servingRole is not null && await ServingRoleProblemAsync(servingRole, cancellationToken) is { } roleProblem)
        {
            problems.Add(roleProblem);
        }
        var behind = state.Pending.Where(p => state.OutOfOrder.All(o => o.Pending != p)).ToList();
        if (behind.Count > 0)
        {
            problems.Add(new("behind",
                $"The database is behind: {behind.Count} pending migration(s) ({string.Join(", ", behind.Select(m => m.Id))}). Run `db upgrade`."));
        }
        return problems;
    }

    /// <summary>Applied migrations, known to this build, whose recorded checksum differs from the code's.</summary>
    public static IReadOnlyList<ChangedMigration> Changed(
        CompiledMigrations compiled, MigrationState state, IReadOnlyDictionary<string, MigrationRecord> recorded) =>
        [.. state.Applied.Where(id => recorded.ContainsKey(id) && compiled.Contains(id))
            .Select(id => new ChangedMigration(id, recorded[id], compiled.Checksum(id)))
            .Where(c => c.Record.Checksum != c.Now)];

    private async Task<CheckProblem?> ServingRoleProblemAsync(string role, CancellationToken cancellationToken)
    {
        try
        {
            var missing = await ServingRole.MissingAsync(runner.Connection, role, cancellationToken);
            return missing.Count == 0 ? null : new CheckProblem("serving-role",
                $"The serving role {role} (DATABASE_URL's) lacks {string.Join(", ", missing)}: the API's requests on them fail. " +
                $"Run `db grant {role}` as the role that migrates.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedObject)
        {
            return new CheckProblem("serving-role", $"The serving role {role} (DATABASE_URL's) does not exist on this server.");
        }
    }

    // The live schema against the target model of the database's current revision: a database merely behind is not
    // drifted. With a migration part-way (inFlight), a difference is explained by it when it is no difference from that
    // migration's own model, or is an index its concurrent build left (INVALID under its name, renamed aside, or built beside the one it replaces).
    private async Task<(IReadOnlyList<SchemaDifference> Drift, Func<SchemaDifference, bool> Explained)> DriftAsync(
        MigrationState state, string? inFlight, CancellationToken cancellationToken)
    {
        var expected = state.Applied.Count == 0 ? new DatabaseSchema([], []) : Expected(state.Current);
        await using var open = await ConnectionScope.OpenAsync(db.Database, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var actual = (await SchemaReader.ReadAsync(connection, cancellationToken: cancellationToken)).WithoutEngineTables();
        var drift = SchemaComparer.Compare(await ExpressionNormalizer.NormalizeAsync(connection, expected, actual, cancellationToken), actual);
        if (inFlight is null)
        {
            return (drift, _ => false);
        }
        var afterIt = SchemaComparer.Compare(await ExpressionNormalizer.NormalizeAsync(connection, Expected(inFlight), actual, cancellationToken), actual)
            .Select(d => d.Object).ToHashSet(StringComparer.Ordinal);
        return (drift, d => !afterIt.Contains(d.Object) || d.Problem.Contains("invalid", StringComparison.Ordinal)
            || d.Problem.Contains("not valid", StringComparison.Ordinal) || Safety.OnlineOperations.IsEngineIndex(d.Object));
    }

    private DatabaseSchema Expected(string id) => ModelSchema.From(catalog.TargetModel(catalog.Find(id))!.Model);

    // A backfill that has not finished keeps its place (BackfillSql): say where, and that the next run goes on from it.
    private async Task<IEnumerable<CheckProblem>> BackfillsAsync(CancellationToken cancellationToken)
    {
        var connection = runner.Connection;
        await using var open = await ConnectionScope.OpenAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT job, rows_done, keys_done, array_to_string(done_key, ', '), updated_at FROM {EngineTables.Backfills} ORDER BY job", connection);
        var problems = new List<CheckProblem>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                problems.Add(new("backfill", $"Backfill {reader.GetString(0)} stopped after {reader.GetInt64(1):N0} rows changed of " +
                    $"{reader.GetInt64(2):N0} keys walked, " + (reader.IsDBNull(3) ? "before its first batch" : $"at key ({reader.GetString(3)})") +
                    $" ({reader.GetDateTime(4):yyyy-MM-dd HH:mm:ss}Z): the next run goes on after that key."));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No backfill ever ran here.
        }
        return problems;
    }
}
