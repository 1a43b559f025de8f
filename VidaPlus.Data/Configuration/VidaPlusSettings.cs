using Microsoft.Extensions.Configuration;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Configuration;

/// <summary>
/// Every VidaPlus setting, read from one configuration: the environment (and the host's command line) first, then
/// the <c>.env</c> files (<see cref="EnvFileConfigurationExtensions.AddEnvFiles"/>). The web host and the <c>db</c>
/// verbs read the same keys the same way. A malformed value is a <see cref="FormatException"/> (or
/// <see cref="DatabaseUrlException"/>) naming the key.
/// </summary>
public sealed class VidaPlusSettings(IConfiguration configuration)
{
    public const string MigrateOnStartupKey = "MIGRATE_ON_STARTUP";
    public const string DatabaseWaitKey = "DATABASE_WAIT_SECONDS";
    public const string AllowChangedKey = "MIGRATION_ALLOW_CHANGED";

    public const string DatabaseUrlKey = "DATABASE_URL";
    public const string MigrationDatabaseUrlKey = "MIGRATION_DATABASE_URL";

    /// <summary>The settings as a process without a host reads them: the environment, then the <c>.env</c> files (the `db`
    /// verbs, and `dotnet ef` or a bundle migrating through the engine).</summary>
    public static VidaPlusSettings FromEnvironment() => new(new ConfigurationBuilder().AddEnvironmentVariables().AddEnvFiles().Build());

    private readonly Lazy<DatabaseUrl> _database = new(() => DatabaseUrlSource.Read(configuration, DatabaseUrlKey)!);
    private readonly Lazy<DatabaseUrl?> _migrationDatabase = new(() => DatabaseUrlSource.Read(configuration, MigrationDatabaseUrlKey, required: false));

    /// <summary>DATABASE_URL: what the API serves from (it may go through a pooler).</summary>
    /// <exception cref="DatabaseUrlException">Missing or malformed.</exception>
    public DatabaseUrl Database => _database.Value;

    /// <summary>MIGRATION_DATABASE_URL, a direct (unpooled) connection for the migration lock and the migrations; DATABASE_URL
    /// when it is not set.</summary>
    /// <exception cref="DatabaseUrlException">Malformed, or DATABASE_URL missing or malformed.</exception>
    public DatabaseUrl MigrationDatabase => _migrationDatabase.Value ?? Database;

    /// <summary>DATABASE_URL's role when MIGRATION_DATABASE_URL names another (the serving role); null otherwise.</summary>
    public string? ServingRole =>
        _migrationDatabase.Value is { } migrating && DatabaseUrlSource.Read(configuration, DatabaseUrlKey, required: false) is { } serving
            && serving.Username != migrating.Username ? serving.Username : null;

    /// <summary>Apply pending migrations before serving (default true); when false, only check.</summary>
    public bool MigrateOnStartup => Bool(MigrateOnStartupKey, defaultValue: true);

    /// <summary>How long startup keeps retrying an unreachable database (default 30 s).</summary>
    public TimeSpan DatabaseWait => Duration(DatabaseWaitKey, TimeSpan.FromSeconds(30), allowZero: true);

    /// <summary>Migrate even when an applied migration was edited since it ran (default false).</summary>
    public bool AllowChanged => Bool(AllowChangedKey, defaultValue: false);

    /// <summary>MIGRATION_LOCK_TIMEOUT (default 50 ms), MIGRATION_LOCK_WAIT (default 5 min), MIGRATION_STATEMENT_TIMEOUT
    /// (default none) and the retries of a migration that timed out on a lock.</summary>
    public LockWaitOptions LockWait => LockWaitOptions.Default with
    {
        LockTimeout = Duration(LockWaitOptions.LockTimeoutKey, LockWaitOptions.Default.LockTimeout, allowZero: false),
        MigrationLockWait = Duration(LockWaitOptions.MigrationLockWaitKey, LockWaitOptions.Default.MigrationLockWait, allowZero: true),
        StatementTimeout = Duration(LockWaitOptions.StatementTimeoutKey, LockWaitOptions.Default.StatementTimeout, allowZero: true),
    };

    /// <summary>MIGRATION_UNSAFE_MIN_ROWS (default 10,000): from how many rows a table's unaccepted lint problem refuses
    /// the migration.</summary>
    public Safety.UnsafeMigrationOptions UnsafeMigrations =>
        new(Rows(Safety.UnsafeMigrationOptions.MinRowsKey, Safety.UnsafeMigrationOptions.Default.MinRows));

    /// <summary>CONTRACT_WINDOW (default 3 min): how recently a serving build must have said so to hold back a contract.</summary>
    public Deploys.ContractOptions Contracts =>
        new(Duration(Deploys.ContractOptions.WindowKey, Deploys.ContractOptions.Default.Window, allowZero: false));

    /// <summary>SECRET_KEY, ALGORITHM, ACCESS_TOKEN_EXPIRE_MINUTES: how the API's tokens are signed.</summary>
    public Auth.TokenSettings Tokens => Auth.TokenSettings.Parse(
        configuration[Auth.TokenSettings.SecretKeyKey], configuration[Auth.TokenSettings.AlgorithmKey], configuration[Auth.TokenSettings.ExpireMinutesKey]);

    /// <summary>AUTH_CONCURRENT_CHECKS (default: the core count), AUTH_CHECK_QUEUE (32), AUTH_FAILURES_PER_ACCOUNT (10),
    /// AUTH_FAILURES_PER_ADDRESS (50), AUTH_FAILURE_WINDOW (15min), AUTH_USER_CACHE (5s; 0 looks the user up on every request).</summary>
    public Auth.SignInOptions SignIn => new(
        Count(Auth.SignInOptions.ConcurrentChecksKey, Auth.SignInOptions.Default.ConcurrentChecks, min: 1),
        Count(Auth.SignInOptions.CheckQueueKey, Auth.SignInOptions.Default.CheckQueue, min: 1),
        Count(Auth.SignInOptions.FailuresPerAccountKey, Auth.SignInOptions.Default.FailuresPerAccount, min: 1),
        Count(Auth.SignInOptions.FailuresPerAddressKey, Auth.SignInOptions.Default.FailuresPerAddress, min: 1),
        Duration(Auth.SignInOptions.FailureWindowKey, Auth.SignInOptions.Default.FailureWindow, allowZero: false),
        Duration(Auth.SignInOptions.UserCacheKey, Auth.SignInOptions.Default.UserCache, allowZero: true));

    /// <summary>OTEL_EXPORTER_OTLP_ENDPOINT (set or not), METRICS_PROMETHEUS, METRICS_ANONYMOUS, TELEMETRY_SQL_TEXT (all false by
    /// default) and LOG_FORMAT (text or json).</summary>
    public Telemetry.TelemetryOptions Telemetry => new(
        !string.IsNullOrWhiteSpace(configuration[Data.Telemetry.TelemetryOptions.OtlpEndpointKey]),
        Bool(Data.Telemetry.TelemetryOptions.PrometheusKey, defaultValue: false),
        Bool(Data.Telemetry.TelemetryOptions.PrometheusAnonymousKey, defaultValue: false),
        Bool(Data.Telemetry.TelemetryOptions.SqlTextKey, defaultValue: false),
        configuration[Data.Telemetry.TelemetryOptions.LogFormatKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "text" => Data.Telemetry.LogFormat.Text,
            "json" => Data.Telemetry.LogFormat.Json,
            var other => throw new FormatException($"{Data.Telemetry.TelemetryOptions.LogFormatKey} must be text or json, not '{other}'."),
        });

    /// <summary>Reads every setting once, so that a malformed one stops a start before anything else happens.</summary>
    public void Validate() => _ = (Database, MigrationDatabase, MigrateOnStartup, DatabaseWait, AllowChanged, LockWait, UnsafeMigrations, Contracts, Tokens, SignIn, Telemetry);

    private bool Bool(string key, bool defaultValue) =>
        configuration[key] is not { } text ? defaultValue
        : bool.TryParse(text, out var value) ? value
        : throw new FormatException($"{key} must be true or false, not '{text}'.");

    // At least one: a threshold of zero would refuse a problem on an empty table.
    private long Rows(string key, long defaultValue) =>
        configuration[key] is not { } text ? defaultValue
        : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rows) && rows > 0 ? rows
        : throw new FormatException($"{key} must be a whole number of rows above zero, not '{text}'.");

    private int Count(string key, int defaultValue, int min) =>
        configuration[key] is not { } text ? defaultValue
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count >= min ? count
        : throw new FormatException($"{key} must be a whole number of at least {min}, not '{text}'.");

    private TimeSpan Duration(string key, TimeSpan defaultValue, bool allowZero) =>
        configuration[key] is { } text ? Durations.Parse(key, text, allowZero) : defaultValue;
}
