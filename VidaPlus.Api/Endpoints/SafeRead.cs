using Npgsql;
using VidaPlus.Data;

namespace VidaPlus.Api.Endpoints;

/// <summary>
/// A read that met a dropped connection (the database restarted, a failover) is tried once more on a fresh one: it
/// changes nothing, so trying again is safe, and the first request after a restart succeeds instead of failing.
/// </summary>
internal static class SafeRead
{
    public static async Task<IResult> OnceMoreAsync(VidaPlusDbContext db, Func<Task<IResult>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (DatabaseUnavailableHandler.IsConnectionLost(e))
        {
            // The pool's other idle connections died with this one.
            NpgsqlConnection.ClearPool((NpgsqlConnection)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database));
            return await read();
        }
    }
}
