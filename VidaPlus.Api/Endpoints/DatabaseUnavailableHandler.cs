using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace VidaPlus.Api.Endpoints;

/// <summary>
/// A request that failed because the database could not be reached (down, restarting, refusing connections) is a
/// 503 with Retry-After, not a 500: the request was fine, the service is briefly unavailable.
/// </summary>
internal sealed class DatabaseUnavailableHandler : IExceptionHandler
{
    /// <summary>Whether the exception, or one inside it, says the database is unreachable rather than the request wrong.</summary>
    public static bool Is(Exception? e) => e switch
    {
        null => false,
        // Connection trouble, the server going down or refusing connections (55000: ALLOW_CONNECTIONS off), too many clients.
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState is "57P01" or "57P02" or "57P03" or "55000" || Is(e.InnerException),
        NpgsqlException npgsql => npgsql.IsTransient || Is(e.InnerException),
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => Is(e.InnerException),
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!Is(exception))
        {
            return false;
        }
        await Detail.WriteUnavailableAsync(context, "The database is unavailable; try again shortly.");
        return true;
    }
}
