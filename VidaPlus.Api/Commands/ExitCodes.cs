using VidaPlus.Data.Connection;
using VidaPlus.Data.Engine;

namespace VidaPlus.Api.Commands;

/// <summary>The exit codes of the <c>db</c> verbs and of a failed start, in one place.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The operation failed, or <c>check</c> found problems.</summary>
    public const int Failed = 1;

    /// <summary>Usage or configuration error: a bad target, a missing or malformed setting.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by a signal (SIGTERM, Ctrl+C) before it finished; anything running was rolled back.</summary>
    public const int Interrupted = 130;

    public static int For(Exception e) =>
        e is DatabaseUrlException or MigrationTargetException or FormatException ? Usage
        : e is OperationCanceledException ? Interrupted
        : Failed;
}
