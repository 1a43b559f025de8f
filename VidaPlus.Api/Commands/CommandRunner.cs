using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VidaPlus.Data;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Engine;
using VidaPlus.Data.Hosting;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Api.Commands;

/// <summary>A verb's connection to the database: where, and the service that does the work.</summary>
/// <param name="ServingRole">DATABASE_URL's role when MIGRATION_DATABASE_URL names another; null with --database-url.</param>
internal sealed record DatabaseVerb(MigrationService Service, DatabaseUrl Url, string? ServingRole);

/// <summary>
/// What every verb shares: the options on <c>db</c>, the settings (environment, then <c>.env</c>), the service, one
/// readable error line with its exit code (the full exception only with --verbose), and the output helpers.
/// </summary>
internal sealed class CommandRunner(TextWriter output, TextWriter error, TextReader input)
{
    public static readonly Option<string?> DatabaseUrlOption = new("--database-url")
    {
        Description = "The database, overriding DATABASE_URL (same forms: postgresql://... or an Npgsql connection string).",
        Recursive = true,
    };

    public static readonly Option<bool> VerboseOption = new("--verbose")
    {
        Description = "On error, print the full exception as well as the one-line message.",
        Recursive = true,
    };

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader Input { get; } = input;

    public static Option<bool> JsonOption() => new("--json") { Description = "Machine-readable output." };

    /// <summary>Runs a verb against the database. <paramref name="shortcut"/> runs first, before EF Core is
    /// started; a non-null answer ends the verb there.</summary>
    public Task<int> WithDatabaseAsync(
        ParseResult parse, Func<DatabaseVerb, Task<int>> action, Func<DatabaseUrl, HeadCheck, Task<int?>>? shortcut = null) =>
        GuardedAsync(parse, async () =>
        {
            // Read only when needed: the shortcut with --database-url touches no configuration at all.
            var settings = new Lazy<VidaPlusSettings>(Settings);
            var url = parse.GetValue(DatabaseUrlOption) is { } given
                ? DatabaseUrl.Parse(given, "--database-url", "the command line")
                : settings.Value.MigrationDatabase;
            Activity.Current?.SetTag("db.namespace", url.Database);
            await using var engine = Engine(url.ConnectionString, () => settings.Value);
            await using var scope = engine.CreateAsyncScope();
            try
            {
                if (shortcut is not null && await shortcut(url, scope.ServiceProvider.GetRequiredService<HeadCheck>()) is { } answered)
                {
                    return answered;
                }
                // A backfill's reports (rows done, rate, time left) as it goes, on whichever verb runs one.
                scope.ServiceProvider.GetRequiredService<MigrationProgress>().Backfilled += report => Output.WriteLine($"  {report}");
                var servingRole = parse.GetValue(DatabaseUrlOption) is null ? settings.Value.ServingRole : null;
                return await action(new DatabaseVerb(scope.ServiceProvider.GetRequiredService<MigrationService>(), url, servingRole));
            }
            catch (Exception e) when (ConnectionFailure.IsConnectionFailure(e))
            {
                throw new DatabaseUnavailableException(await ConnectionFailure.DescribeAsync(url, e, CancellationToken.None), e);
            }
        });

    /// <summary>Runs a verb that needs only the model and the migrations, no database.</summary>
    public Task<int> OfflineAsync(ParseResult parse, Func<MigrationService, Task<int>> action) =>
        GuardedAsync(parse, async () =>
        {
            // MIGRATION_LOCK_TIMEOUT goes into the script: read as every verb reads its settings.
            await using var engine = Engine(connectionString: null, Settings);
            await using var scope = engine.CreateAsyncScope();
            return await action(scope.ServiceProvider.GetRequiredService<MigrationService>());
        });

    private static VidaPlusSettings Settings() => VidaPlusSettings.FromEnvironment();

    // The engine as the host registers it, on the verb's database, its warnings on standard error. The settings are read
    // when the engine first needs them: the head check alone needs none.
    private ServiceProvider Engine(string? connectionString, Func<VidaPlusSettings> settings) =>
        new ServiceCollection()
            // A factory of its own rather than the logging builder's options machinery, which a verb would pay for at every start.
            .AddSingleton<ILoggerFactory>(new WarningWriter(Error))
            .AddSingleton(_ => settings().LockWait)
            .AddSingleton(_ => settings().UnsafeMigrations)
            .AddSingleton(_ => settings().Contracts)
            // Made when first resolved, not through AddDbContext: a verb answered by the head check never starts EF Core.
            .AddScoped(_ => new VidaPlusDbContext(VidaPlusDbContextOptions.For(connectionString)))
            .AddVidaPlusMigrationEngine()
            .BuildServiceProvider();

    public Task WriteJsonAsync<T>(T value) => Output.WriteLineAsync(JsonSerializer.Serialize(value, Json));

    public static string Milliseconds(TimeSpan duration) => duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    public void PrintStep(string verb, MigrationStep step) => Output.WriteLine($"  {verb} {step.Id} in {Milliseconds(step.Duration)} ms");

    public async Task PrintRunAsync(MigrationService service, MigrationRun run)
    {
        var at = run.To == service.Compiled.Head ? $"{run.To} (head)" : run.To;
        await Output.WriteLineAsync(run.Steps.Count == 0 && run.Held is null ? $"Already at {at}; nothing to do."
            : run.Steps.Count == 0 ? $"Still at {at}." : $"From {run.From} to {at}.");
        if (run.Held is { } held)
        {
            await Output.WriteLineAsync(held.ToString());
        }
    }

    private async Task<int> GuardedAsync(ParseResult parse, Func<Task<int>> action)
    {
        // One span per verb ("db upgrade"), the engine's spans beneath it; exported only when VerbTelemetry is on.
        using var activity = VidaPlusTelemetry.Source.StartActivity(VerbName(parse));
        try
        {
            return await action();
        }
        catch (OperationCanceledException e)
        {
            activity.Failed(e);
            await Error.WriteLineAsync(e is MigrationInterruptedException
                ? $"error: {e.Message}"
                : "error: stopped; no migration was running (see `db current`).");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            // EF Core's "An error occurred while saving the entity changes. See the inner exception" says nothing: the
            // server's answer inside it does (a standby's 25006, a role's 42501).
            var said = e is Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } ? inner : e;
            activity.Failed(said);
            await Error.WriteLineAsync($"error: {said.Message.ReplaceLineEndings(" ")}");
            if (parse.GetValue(VerboseOption))
            {
                await Error.WriteLineAsync(e.ToString());
            }
            return ExitCodes.For(e);
        }
    }

    // The verb as typed, without its options and values: "db upgrade", "user add".
    private static string VerbName(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }
        return string.Join(' ', names);
    }

    // Warnings from the migration engine (a lock wait being retried), one line each on standard error. Only the engine's:
    // EF Core's own are the engine's business (a history table that does not exist yet is expected).
    private sealed class WarningWriter(TextWriter error) : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("VidaPlus.", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The verbs write warnings to standard error only.");

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                error.WriteLine($"warning: {formatter(state, exception)}");
            }
        }
    }
}
