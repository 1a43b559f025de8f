namespace VidaPlus.Data.Hosting;

/// <summary>
/// Whether the serving role was found lacking a right the schema needs: at startup, or when a request was refused for
/// it (42501, a table a DBA granted nothing on). Readiness then checks the role's rights on each probe, and says what
/// is missing, until they are granted; the rest of the time it costs the probe nothing.
/// </summary>
public sealed class ServingRoleHealth
{
    private volatile bool _suspect;

    /// <summary>Called when a request was refused for want of a right.</summary>
    public void Refused() => _suspect = true;

    internal bool Suspect => _suspect;

    internal void Granted() => _suspect = false;
}
