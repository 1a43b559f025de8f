using System.Globalization;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// A primary and its streaming hot standby of a test's own (scripts/replica-postgres.sh), on ports of their own:
/// a test that fails the primary over needs a pair nobody else uses. Stopped and removed when disposed.
/// </summary>
internal sealed class TestReplicaSet : IDisposable
{
    public const string User = "vidaplus", Password = "vidaplus-local";

    private readonly Dictionary<string, string> _environment;

    private TestReplicaSet(int primary, int standby)
    {
        (PrimaryPort, StandbyPort) = (primary, standby);
        _environment = new()
        {
            ["VIDAPLUS_PRIMARY_PORT"] = primary.ToString(CultureInfo.InvariantCulture),
            ["VIDAPLUS_STANDBY_PORT"] = standby.ToString(CultureInfo.InvariantCulture),
        };
    }

    public int PrimaryPort { get; }

    public int StandbyPort { get; }

    /// <summary>Both servers, the primary first, as a URL a Python user writes for a failover pair.</summary>
    public string FailoverUrl => $"postgresql://{User}:{Password}@127.0.0.1:{PrimaryPort},127.0.0.1:{StandbyPort}/vidaplus?target_session_attrs=read-write";

    public string Url(int port) => $"postgresql://{User}:{Password}@127.0.0.1:{port}/vidaplus";

    public static TestReplicaSet Start() => TestScripts.OnFreePorts(2, ports =>
    {
        var set = new TestReplicaSet(ports[0], ports[1]);
        try
        {
            TestScripts.Run("replica-postgres.sh", "start", set._environment);
        }
        catch
        {
            set.Dispose();
            throw;
        }
        return set;
    });

    /// <summary>The primary stops at once, as in a crash (pg_ctl stop -m immediate).</summary>
    public void KillPrimary() => TestScripts.Run("replica-postgres.sh", "kill-primary", _environment);

    /// <summary>The standby becomes the primary.</summary>
    public void Promote() => TestScripts.Run("replica-postgres.sh", "promote", _environment);

    public void Dispose() => TestScripts.Run("replica-postgres.sh", "stop", _environment);
}
