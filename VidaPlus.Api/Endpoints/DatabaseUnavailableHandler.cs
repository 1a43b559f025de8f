using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace VidaPlus.Api.Endpoints;

/// <summary>
/// A request that failed because the database could not serve it (down, failing over, refusing connections, a standby
/// that cannot write, a schema not yet migrated to this build) is a 503 with Retry-After and the reason, not a 500:
/// the request was fine, the service is briefly unavailable.
/// </summary>
internal sealed class DatabaseUnavailableHandler : IExceptionHandler
{
    private const string Unreachable = "The database is unavailable; try again shortly.";

    /// <summary>Whether the exception, or one inside it, says the database cannot serve rather than the request is wrong.</summary>
    public static bool Is(Exception? e) => Reason(e) is not null;

    /// <summary>What to tell the client, or null when the exception is not the database being unavailable.</summary>
    public static string? Reason(Exception? e) => e switch
    {
        null => null,
        // Connection trouble, the server going down or refusing connections (55000: ALLOW_CONNECTIONS off), too many clients.
        PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState is "57P01" or "57P02" or "57P03" or "55000" => Unreachable,
        // A standby (the old primary's address after a failover, or a URL without target_session_attrs=read-write).
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } =>
            "The database is read-only (a standby); try again shortly, once the primary serves.",
        // Tables or columns this build needs and the database lacks: migrations pending (MIGRATE_ON_STARTUP=false).
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn } =>
            "The database schema is behind this build (migrations pending: run `db upgrade`); try again shortly.",
        PostgresException => Reason(e.InnerException),
        // Anything Npgsql raises that is not the server's answer to a statement is the connection's: a host down, no
        // suitable host during a failover ("No suitable host was found."), a broken stream, a timeout.
        NpgsqlException => Unreachable,
        System.Net.Sockets.SocketException or TimeoutException => Unreachable,
        _ => Reason(e.InnerException),
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Reason(exception) is not { } reason)
        {
            return false;
        }
        await Detail.WriteUnavailableAsync(context, reason);
        return true;
    }
}
