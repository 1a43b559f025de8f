namespace VidaPlus.Data.Engine;

/// <summary>A target or request that cannot be carried out as asked (unknown revision, steps past head or base):
/// nothing was changed. A usage error.</summary>
public sealed class MigrationTargetException(string message) : Exception(message);

/// <summary>The database is in a state the operation refuses to touch (unknown or out-of-order migrations):
/// nothing was changed.</summary>
public sealed class MigrationStateException(string message) : Exception(message);

/// <summary>A migration failed: a migration of one step rolled back whole; one of several steps
/// (<see cref="StepPlan"/>) keeps the steps it committed, and the next run goes on from the one that failed.</summary>
internal sealed class MigrationFailedException(string migration, string current, Exception inner, StepPosition? position = null)
    : Exception(MigrationErrors.Where(migration, current, position, stopped: false) + " " + MigrationErrors.Cause(inner) + Hint(inner), inner)
{
    // A serving role pointed at a schema it may not change: say which setting names the role that may.
    private static string Hint(Exception inner) =>
        MigrationErrors.Server(inner) is { SqlState: Npgsql.PostgresErrorCodes.InsufficientPrivilege } ? " " + MigrationErrors.NoSchemaRights : "";

    public string Migration { get; } = migration;
    public string Current { get; } = current;
}

/// <summary>A migration was stopped (SIGTERM, Ctrl+C) while it ran: what it committed and what it rolled back.</summary>
public sealed class MigrationInterruptedException : OperationCanceledException
{
    internal MigrationInterruptedException(string migration, string current, Exception inner, StepPosition? position = null)
        : base(MigrationErrors.Where(migration, current, position, stopped: true), inner) =>
        (Migration, Current) = (migration, current);

    public string Migration { get; }
    public string Current { get; }
}

internal static class MigrationErrors
{
    public const string NoSchemaRights = "The role that migrates may not change the schema: point MIGRATION_DATABASE_URL at the role that " +
        "owns it (DATABASE_URL serves, and is used to migrate only when MIGRATION_DATABASE_URL is not set).";

    /// <summary>What a stopped migration left, truthfully: rolled back whole, or which steps stay and where the next
    /// run goes on.</summary>
    public static string Where(string migration, string current, StepPosition? position, bool stopped)
    {
        if (position is null || position.MigrationId != migration || position.Steps < 2)
        {
            return stopped
                ? $"Stopped while migration {migration} ran; it was rolled back, and the database is at {current}."
                : $"Migration {migration} failed and was rolled back; the database is at {current}.";
        }
        var at = position.Current is { } step ? $" at step {step.Number} ({step.Statement}){Leftover(step)}" : "";
        return $"{(stopped ? $"Stopped while migration {migration} ran" : $"Migration {migration} failed")}, with {position.Done} of " +
            $"{position.Steps} steps done{at}. The steps done are kept (see `db current`); the history still says {current} until the last " +
            "step commits, and the next run goes on from the first step not done.";
    }

    // What an interrupted step may leave behind, and what the next run does with it.
    private static string Leftover(PlanStep step) =>
        step.Kind == StepKind.Transaction ? ", whose transaction rolled back"
        : step.Statement.StartsWith("concurrent build of index", StringComparison.Ordinal)
            ? ": an INVALID index may be left, which the next run renames aside, builds the index beside, and then drops" +
              (step.Statement.Contains(" to replace ", StringComparison.Ordinal) ? "; the index it replaces keeps serving until then" : "")
        : step.Statement.Contains(" VALIDATE CONSTRAINT ", StringComparison.Ordinal)
            ? ": the constraint stays NOT VALID (it checks new writes only) until the next run validates it"
        : step.Statement.StartsWith("-- Backfill", StringComparison.Ordinal)
            ? ": the batches done are kept, and the next run goes on after the last"
        : ", which the next run runs again";

    /// <summary>The server's own words when it gave any (inside EF Core's "likely due to a transient failure", which
    /// hides them), else the exception's.</summary>
    public static string Cause(Exception error) =>
        error is InvalidOperationException { InnerException: Npgsql.NpgsqlException inner } && error.Message.Contains("transient failure", StringComparison.Ordinal)
            ? inner.Message
            : error.Message;

    public static Npgsql.PostgresException? Server(Exception error) =>
        Connection.ConnectionFailure.Chain(error).OfType<Npgsql.PostgresException>().FirstOrDefault();
}
