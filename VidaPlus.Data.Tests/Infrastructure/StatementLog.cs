using System.Collections.Concurrent;
using System.Diagnostics;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// Every statement Npgsql sends to one database while the log is open, from Npgsql's own tracing (one activity per
/// command, EF Core's included): what a code path asked of the database, counted rather than assumed. Other tests'
/// databases are left out, so tests running in parallel do not show up.
/// </summary>
internal sealed class StatementLog : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<string> _statements = new();

    public StatementLog(string database)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.namespace") as string == database && activity.GetTagItem("db.query.text") is string sql)
                {
                    _statements.Enqueue(sql);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The statements so far, then forgets them.</summary>
    public IReadOnlyList<string> Take()
    {
        var taken = new List<string>();
        while (_statements.TryDequeue(out var sql))
        {
            taken.Add(sql);
        }
        return taken;
    }

    public void Dispose() => _listener.Dispose();
}
