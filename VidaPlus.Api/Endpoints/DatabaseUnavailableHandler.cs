using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Hosting;

namespace VidaPlus.Api.Endpoints;

/// <summary>
/// A request that failed because the database could not serve it (down, failing over, refusing connections, a standby
/// that cannot write, a schema not yet migrated to this build) is a 503 with Retry-After and the reason, not a 500:
/// the request was fine, the service is briefly unavailable.
/// </summary>
internal sealed class DatabaseUnavailableHandler(ServingRoleHealth role) : IExceptionHandler
{
    private const string Unreachable = "The database is unavailable; try again shortly.";

    /// <summary>Whether the connection itself failed (down, restarting, failing over), so a read may be tried again on a new one.</summary>
    public static bool IsConnectionLost(Exception? e) => Reason(e) == Unreachable;

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
        // A table the serving role was granted nothing on: readiness says which from now on (ServingRoleHealth).
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } =>
            "The API's database role lacks a right this request needs (run `db grant ROLE` as the role that migrates); try again once granted.",
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
        if (ConnectionFailure.Chain(exception).Any(e => e is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege }))
        {
            role.Refused();
        }
        await Detail.WriteUnavailableAsync(context, reason);
        return true;
    }
}
