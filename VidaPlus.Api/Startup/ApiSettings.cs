using System.Globalization;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Migrating;

namespace VidaPlus.Api.Startup;

/// <summary>
/// The API's settings, read once from configuration (environment variables, or --KEY=value on the command line).
/// DATABASE_URL falls back to the .env files, as the Python app's did.
/// </summary>
public sealed class ApiSettings(IConfiguration configuration)
{
    private readonly Lazy<DatabaseUrl> _database = new(() => configuration[DatabaseUrlSource.Variable] is { } value
        ? DatabaseUrl.Parse(value, DatabaseUrlSource.Variable, "the environment or command line")
        : DatabaseUrlSource.Resolve());

    /// <summary>The database; throws <see cref="DatabaseUrlException"/> when DATABASE_URL is missing or malformed.</summary>
    public DatabaseUrl Database => _database.Value;

    public StartupMigrationOptions Startup { get; } = new(
        Migrate: ParseBool(configuration, "MIGRATE_ON_STARTUP", defaultValue: true),
        WaitForDatabase: TimeSpan.FromSeconds(ParseSeconds(configuration, "DATABASE_WAIT_SECONDS", defaultValue: 30)),
        Locks: MigrationOptions.Parse(configuration[MigrationOptions.LockTimeoutVariable]),
        AllowChanged: ParseBool(configuration, "MIGRATION_ALLOW_CHANGED", defaultValue: false));

    private static bool ParseBool(IConfiguration configuration, string key, bool defaultValue) =>
        configuration[key] is not { } text ? defaultValue
        : bool.TryParse(text, out var value) ? value
        : throw new FormatException($"{key} must be true or false, not '{text}'.");

    private static double ParseSeconds(IConfiguration configuration, string key, double defaultValue) =>
        configuration[key] is not { } text ? defaultValue
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value
        : throw new FormatException($"{key} must be a number of seconds, not '{text}'.");
}
