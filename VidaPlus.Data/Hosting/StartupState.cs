using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Hosting;

/// <summary>
/// How the API's start is going, while it already listens: the readiness probe reports it, requests other than the
/// health probes wait for it (503), and the exit code comes from it.
/// </summary>
public sealed class StartupState(MigrationProgress progress)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the startup work has ended, well or not.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The schema work is done and succeeded: requests may be served.</summary>
    public bool Serving => _completion.Task.IsCompleted && Failure is null;

    /// <summary>Why the start failed (or was stopped); null while it runs and when it succeeded.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>What is going on, for a probe: "migrating 2 of 3 (...)", "waiting for the migration lock held by ...".</summary>
    public string Describe() =>
        Failure is { } failure ? $"Startup failed: {failure.Message}"
        : progress.Activity is { } activity ? $"Starting: {activity}"
        : "Starting: checking the database schema";

    internal void Succeeded() => _completion.TrySetResult();

    internal void Failed(Exception failure)
    {
        Failure = failure;
        _completion.TrySetResult();
    }
}
