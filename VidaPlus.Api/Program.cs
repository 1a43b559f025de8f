using System.Text.Json;
using VidaPlus.Api.Auth;
using VidaPlus.Api.Commands;
using VidaPlus.Api.Endpoints;
using VidaPlus.Api.Health;
using VidaPlus.Api.Json;
using VidaPlus.Api.Telemetry;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Hosting;
using VidaPlus.Data.Telemetry;

// `db VERB` and `user add` run a command and exit: no web host starts, and none of ASP.NET Core is loaded.
return DbCommand.Handles(args) ? await DbCommand.RunAsync(args, Console.Out, Console.Error, Console.In) : await ServeAsync(args);

static async Task<int> ServeAsync(string[] args)
{
    // The content root is where the app is, not the working directory: appsettings.json (with its production log
    // levels) is found wherever the process is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ResourceLimits.MaxBodyBytes);
    builder.Configuration.AddEnvFiles();
    TelemetryOptions telemetry;
    try
    {
        telemetry = new VidaPlusSettings(builder.Configuration).Telemetry;
    }
    catch (FormatException e)
    {
        // Before any logger exists: the one line goes to standard error.
        await Console.Error.WriteLineAsync($"Cannot start: {e.Message}");
        return ExitCodes.For(e);
    }
    builder.Logging.AddVidaPlusConsole(telemetry)
        // EF's own lines repeat ours ("Applying migration") or report, at error level, the failed probe of a history
        // table that does not exist yet; real failures reach the log through the exceptions they raise.
        .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning)
        .AddFilter("Microsoft.EntityFrameworkCore.Database", LogLevel.Critical)
        // A failed start is reported below in one line; the host's own report of it is a stack trace.
        .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

    builder.Services.AddVidaPlusDatabase(builder.Configuration);
    builder.Services.AddVidaPlusAuth();
    builder.Services.AddVidaPlusTelemetry(telemetry);
    builder.Services.AddProblemDetails();
    builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
    builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityScheme>());
    builder.Services.ConfigureHttpJsonOptions(options =>
    {
        options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.SerializerOptions.Converters.Add(new StoredEnumConverterFactory());
    });

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStartupGate();
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapOpenApi();
    app.MapVidaPlusHealthChecks();
    app.MapAuth();
    app.MapVidaPlusMetrics(telemetry);
    app.MapDbStatus();
    app.MapEstoques();
    app.MapLeitos();

    try
    {
        // A malformed setting stops the start here, in one line, before anything connects.
        app.Services.GetRequiredService<VidaPlusSettings>().Validate();
        var startup = app.Services.GetRequiredService<StartupState>();
        await app.RunAsync();
        // The schema work runs while the host listens; when it failed or was stopped, it said why and stopped the host.
        return startup.Failure is { } failure ? ExitCodes.For(failure) : ExitCodes.Ok;
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        app.Logger.LogCritical("Cannot start: {Reason}", e.Message.ReplaceLineEndings(" "));
        app.Logger.LogDebug(e, "Startup failure in full");
        // Disposing the host flushes the console logger, which writes from a queue of its own.
        await app.DisposeAsync();
        return ExitCodes.For(e);
    }
}

/// <summary>The entry point, named so integration tests can host the app.</summary>
public partial class Program;
