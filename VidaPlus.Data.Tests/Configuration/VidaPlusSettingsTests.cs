using Microsoft.Extensions.Configuration;
using VidaPlus.Data.Auth;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Telemetry;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Configuration;

/// <summary>
/// Every setting from one configuration: .env files beneath the environment. An in-memory source stands for the
/// environment, so that no test changes the process's own.
/// </summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed class VidaPlusSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vidaplus-settings-").FullName;
    private readonly string _project;

    public VidaPlusSettingsTests()
    {
        File.WriteAllText(Path.Combine(_root, "VidaPlus.sln"), "");
        _project = Directory.CreateDirectory(Path.Combine(_root, "VidaPlus.Api")).FullName;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private VidaPlusSettings Settings(params (string Key, string Value)[] environment) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)))
            .AddEnvFiles(_project)
            .Build());

    [Fact]
    public void EverySetting_ComesFromDotEnv_WithDurationsAsPostgresWritesThem()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), """
            DATABASE_URL=postgresql://vida:pw@root-host/vidaplus
            MIGRATION_LOCK_TIMEOUT=2s
            DATABASE_WAIT_SECONDS=500ms
            MIGRATE_ON_STARTUP=false
            MIGRATION_ALLOW_CHANGED=true
            MIGRATION_STATEMENT_TIMEOUT=15min
            """);

        var settings = Settings();

        Assert.Equal("root-host", settings.Database.Host);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.LockWait.LockTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.DatabaseWait);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.LockWait.StatementTimeout);
        Assert.False(settings.MigrateOnStartup);
        Assert.True(settings.AllowChanged);
    }

    [Fact]
    public void TheEnvironmentWins_ThenTheNearerFile()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "MIGRATION_LOCK_TIMEOUT=7\nDATABASE_WAIT_SECONDS=9\n");
        File.WriteAllText(Path.Combine(_project, ".env"), "MIGRATION_LOCK_TIMEOUT=3\n");

        var settings = Settings(("DATABASE_WAIT_SECONDS", "1"));

        Assert.Equal(TimeSpan.FromSeconds(3), settings.LockWait.LockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.DatabaseWait);
    }

    [Fact]
    public void Defaults_WhenNothingIsSet()
    {
        var settings = Settings();

        Assert.Equal((true, false, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), TimeSpan.Zero),
            (settings.MigrateOnStartup, settings.AllowChanged, settings.DatabaseWait, settings.LockWait.LockTimeout, settings.LockWait.StatementTimeout));
    }

    [Fact]
    public void MissingDatabaseUrl_SaysWhereItLooked()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "MIGRATION_LOCK_TIMEOUT=7\n");

        var error = Assert.Throws<DatabaseUrlException>(() => Settings().Database);

        Assert.StartsWith($"DATABASE_URL is not set (looked in: the environment; {Path.Combine(_project, ".env")} (no such file); " +
            $"{Path.Combine(_root, ".env")} (no DATABASE_URL)). ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsafeMinRows_AWholeNumberAboveZero_ElseOneLineNamingTheKey()
    {
        Assert.Equal(25_000, Settings(("MIGRATION_UNSAFE_MIN_ROWS", "25000")).UnsafeMigrations.MinRows);
        Assert.Equal(10_000, Settings().UnsafeMigrations.MinRows);
        foreach (var text in new[] { "0", "-5", "10k" })
        {
            var error = Assert.Throws<FormatException>(() => Settings(("MIGRATION_UNSAFE_MIN_ROWS", text)).UnsafeMigrations);
            Assert.Equal($"MIGRATION_UNSAFE_MIN_ROWS must be a whole number of rows above zero, not '{text}'.", error.Message);
        }
    }

    [Fact]
    public void SignInLimits_ComeFromTheirKeys_ElseOneLineNamingTheKey()
    {
        var set = Settings(("AUTH_CONCURRENT_CHECKS", "3"), ("AUTH_CHECK_QUEUE", "8"), ("AUTH_FAILURES_PER_ACCOUNT", "5"),
            ("AUTH_FAILURES_PER_ADDRESS", "20"), ("AUTH_FAILURE_WINDOW", "5min"), ("AUTH_USER_CACHE", "0")).SignIn;

        Assert.Equal(new SignInOptions(3, 8, 5, 20, TimeSpan.FromMinutes(5), TimeSpan.Zero), set);
        Assert.Equal(SignInOptions.Default, Settings().SignIn);
        Assert.Equal(Environment.ProcessorCount, SignInOptions.Default.ConcurrentChecks);
        foreach (var (key, text, message) in new[]
        {
            ("AUTH_CONCURRENT_CHECKS", "0", "AUTH_CONCURRENT_CHECKS must be a whole number of at least 1, not '0'."),
            ("AUTH_CHECK_QUEUE", "many", "AUTH_CHECK_QUEUE must be a whole number of at least 1, not 'many'."),
            ("AUTH_FAILURE_WINDOW", "0", "AUTH_FAILURE_WINDOW must be a duration above zero such as 500ms, 5s or 2min (a bare number is seconds), not '0'."),
        })
        {
            var error = Assert.Throws<FormatException>(() => Settings((key, text)).SignIn);
            Assert.Equal(message, error.Message);
        }
    }

    [Fact]
    public void Telemetry_IsOffUnlessAskedFor_AndLogFormatIsTextOrJson()
    {
        Assert.Equal(new TelemetryOptions(false, false, false, false, LogFormat.Text), Settings().Telemetry);
        Assert.False(Settings().Telemetry.Enabled);
        Assert.Equal(new TelemetryOptions(true, true, true, true, LogFormat.Json), Settings(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"),
            ("METRICS_PROMETHEUS", "true"), ("METRICS_ANONYMOUS", "true"), ("TELEMETRY_SQL_TEXT", "true"), ("LOG_FORMAT", "JSON")).Telemetry);
        Assert.Equal("LOG_FORMAT must be text or json, not 'xml'.", Assert.Throws<FormatException>(() => Settings(("LOG_FORMAT", "xml")).Telemetry).Message);
    }

    [Fact]
    public void MalformedValues_NameTheKeyAndTheFile_NeverThePassword()
    {
        File.WriteAllText(Path.Combine(_project, ".env"), "DATABASE_URL=postgresql://vida:TopSecret1@db:port/x\nMIGRATE_ON_STARTUP=maybe\n");
        var settings = Settings();

        var url = Assert.Throws<DatabaseUrlException>(() => settings.Database);
        var flag = Assert.Throws<FormatException>(() => settings.MigrateOnStartup);

        Assert.StartsWith($"DATABASE_URL from {Path.Combine(_project, ".env")} is not a valid", url.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecret1", url.Message, StringComparison.Ordinal);
        Assert.Equal("MIGRATE_ON_STARTUP must be true or false, not 'maybe'.", flag.Message);
    }
}
