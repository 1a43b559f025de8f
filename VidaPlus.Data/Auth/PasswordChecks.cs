using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VidaPlus.Data.Auth;

/// <summary>What a password check found.</summary>
public enum PasswordCheck
{
    Matched,
    Mismatched,

    /// <summary>Every checking thread busy and the queue full: nothing was checked.</summary>
    Busy,
}

/// <summary>
/// Password checks (Argon2: 64 MiB and about 135 ms of CPU each with pwdlib's parameters) on a fixed set of threads
/// of their own, <see cref="SignInOptions.ConcurrentChecks"/> of them, each reusing one block of memory; at most
/// <see cref="SignInOptions.CheckQueue"/> more wait. So a burst of sign-ins costs a bounded amount of memory, never
/// blocks the thread pool that serves every other request, and beyond the queue is answered at once as busy.
/// </summary>
public sealed class PasswordChecks : IDisposable
{
    private readonly BlockingCollection<Action<WorkerMemory>> _queue;
    private readonly Thread[] _workers;
    private PasswordHash? _decoy;

    public PasswordChecks(SignInOptions options)
    {
        // BlockingCollection's bound counts what waits, not what runs: the queue is what the setting says.
        _queue = new(options.CheckQueue);
        _workers = [.. Enumerable.Range(1, options.ConcurrentChecks).Select(n => new Thread(Work) { IsBackground = true, Name = $"password check {n}" })];
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>
    /// Whether <paramref name="password"/> matches the stored <paramref name="phc"/> hash. With no hash (an unknown
    /// user) or a value that is none, the same work is done against a decoy hash with pwdlib's parameters, and the
    /// answer is Mismatched: it takes as long as a wrong password's, so the time does not tell whether the account exists.
    /// </summary>
    public async Task<PasswordCheck> CheckAsync(string? phc, string password, CancellationToken cancellationToken)
    {
        var stored = phc is null ? null : PasswordHash.TryParse(phc);
        var matched = TryQueue(memory =>
        {
            // Made on the first check of the process whatever it is, so that no later answer includes its cost.
            var decoy = LazyInitializer.EnsureInitialized(ref _decoy, () => PasswordHash.Create(RandomPassword(), memory.For(PasswordHash.Recommended.Blocks * 128)));
            var hash = stored ?? decoy;
            return hash.Matches(password, memory.For(hash.MemoryWords)) && stored is not null;
        }, cancellationToken);
        return matched is null ? PasswordCheck.Busy : await matched ? PasswordCheck.Matched : PasswordCheck.Mismatched;
    }

    /// <summary>A new hash of <paramref name="password"/> in the PHC form, with pwdlib's parameters.</summary>
    /// <exception cref="InvalidOperationException">Every checking thread is busy and the queue is full.</exception>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        TryQueue(memory => PasswordHash.Create(password, memory.For(PasswordHash.Recommended.Blocks * 128)).ToString(), cancellationToken)
        ?? throw new InvalidOperationException("Every password-checking thread is busy; try again shortly.");

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join();
        }
        _queue.Dispose();
    }

    private Task<T>? TryQueue<T>(Func<WorkerMemory, T> run, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _queue.TryAdd(memory =>
        {
            // A client that left while its check waited costs nothing more.
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                done.TrySetResult(run(memory));
            }
            catch (Exception e)
            {
                // Not swallowed: the caller awaiting the check gets it.
                done.TrySetException(e);
            }
        });
        return queued ? done.Task : null;
    }

    private void Work()
    {
        var memory = new WorkerMemory();
        foreach (var check in _queue.GetConsumingEnumerable())
        {
            check(memory);
        }
    }

    private static string RandomPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>One thread's Argon2 memory, kept for its next check (grown when a hash asks for more).</summary>
    private sealed class WorkerMemory
    {
        private ulong[] _words = [];

        public ulong[] For(int words) => _words.Length >= words ? _words : _words = GC.AllocateUninitializedArray<ulong>(words);
    }
}
