namespace VidaPlus.Data.Engine;

/// <summary>A target or request that cannot be carried out as asked (unknown revision, steps past head or base):
/// nothing was changed. A usage error.</summary>
public sealed class MigrationTargetException(string message) : Exception(message);

/// <summary>The database is in a state the operation refuses to touch (unknown or out-of-order migrations):
/// nothing was changed.</summary>
public sealed class MigrationStateException(string message) : Exception(message);

/// <summary>A migration failed; its transaction was rolled back and the database is at <see cref="Current"/>.</summary>
internal sealed class MigrationFailedException(string migration, string current, Exception inner, bool online = false)
    : Exception((online
        ? $"Migration {migration} failed; its transactional steps rolled back, but its online steps (CONCURRENTLY, VALIDATE) " +
          $"commit one by one, so some may have run. The history still says {current}. Running it again is safe: it removes " +
          $"what an interrupted step left before doing it again. {inner.Message}"
        : $"Migration {migration} failed and was rolled back; the database is at {current}. {inner.Message}") + Hint(inner), inner)
{
    // A serving role pointed at a schema it may not change: say which setting names the role that may.
    private static string Hint(Exception inner) => inner is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.InsufficientPrivilege }
        ? " The role that migrates may not change the schema: point MIGRATION_DATABASE_URL at the role that owns it (DATABASE_URL " +
          "serves, and is used to migrate only when MIGRATION_DATABASE_URL is not set)."
        : "";

    public string Migration { get; } = migration;
    public string Current { get; } = current;
}

/// <summary>A migration was stopped (SIGTERM, Ctrl+C) while it ran; its transaction was rolled back and the database is
/// at <see cref="Current"/>.</summary>
public sealed class MigrationInterruptedException(string migration, string current, Exception inner)
    : OperationCanceledException($"Stopped while migration {migration} ran; it was rolled back, and the database is at {current}.", inner)
{
    public string Migration { get; } = migration;
    public string Current { get; } = current;
}
