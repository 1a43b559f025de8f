using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace VidaPlus.Data.Engine;

/// <summary>
/// A connection open for as long as the scope lasts, closed after only by whoever opened it: the one way the engine
/// opens a connection, so that a helper called inside a longer piece of work (a run holding its connection open for
/// its session settings) never closes that connection under it.
/// </summary>
internal sealed class ConnectionScope : IAsyncDisposable
{
    private readonly Func<Task>? _close;

    private ConnectionScope(Func<Task>? close) => _close = close;

    /// <summary>The context's connection, through EF Core, which counts the opens and closes it at the outermost
    /// scope's end only.</summary>
    public static async Task<ConnectionScope> OpenAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        await database.OpenConnectionAsync(cancellationToken);
        return new(database.CloseConnectionAsync);
    }

    /// <summary>A connection of its own, or the context's outside EF Core (whose error handling would hide a database
    /// that does not exist behind "no history"): opened when closed, and then closed at the end.</summary>
    public static async Task<ConnectionScope> OpenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State == ConnectionState.Open)
        {
            return new(null);
        }
        await connection.OpenAsync(cancellationToken);
        return new(connection.CloseAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (_close is not null)
        {
            await _close();
        }
    }
}
