namespace VidaPlus.Data.Engine;

/// <summary>
/// Whether the code running is the engine's own run (<see cref="MigrationRunner"/>), which holds the migration lock and
/// calls EF Core's migrator once per migration. Anything else that asks EF Core's migrator to migrate (`dotnet ef
/// database update`, a bundle, <c>Database.Migrate()</c>) is sent through the engine first (<see cref="VidaPlusMigrator"/>).
/// </summary>
internal static class EngineRun
{
    private static readonly AsyncLocal<bool> Running = new();

    public static bool Active => Running.Value;

    /// <summary>Marks the calls made until disposed, and the calls they make, as the engine's.</summary>
    public static IDisposable Enter()
    {
        var was = Running.Value;
        Running.Value = true;
        return new Exit(was);
    }

    private sealed class Exit(bool was) : IDisposable
    {
        public void Dispose() => Running.Value = was;
    }
}
