using System.Text.Json;
using VidaPlus.Api.Cli;
using VidaPlus.Api.Endpoints;
using VidaPlus.Api.Health;
using VidaPlus.Api.Json;
using VidaPlus.Api.Startup;
using VidaPlus.Data;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Migrating;

// `db VERB` runs a database command and exits: no web host starts.
if (DbCommands.Handles(args))
{
    return await DbCommands.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSimpleConsole(options => options.SingleLine = true)
    // EF's own lines repeat ours ("Applying migration") or report, at error level, the failed probe of a history
    // table that does not exist yet; real failures reach the log through the exceptions they raise.
    .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning)
    .AddFilter("Microsoft.EntityFrameworkCore.Database", LogLevel.Critical)
    // A failed start is reported below in one line; the host's own report of it is a stack trace.
    .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

builder.Services.AddSingleton<ApiSettings>();
builder.Services.AddDbContext<VidaPlusDbContext>((services, options) =>
    options.UseVidaPlusPostgres(services.GetRequiredService<ApiSettings>().Database.ConnectionString));
builder.Services.AddScoped<StartupMigrator>();
builder.Services.AddHostedService<StartupMigrationService>();
builder.Services.AddVidaPlusHealthChecks();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    options.SerializerOptions.Converters.Add(new StoredEnumConverterFactory());
});

var app = builder.Build();
app.UseExceptionHandler();
app.MapOpenApi();
app.MapVidaPlusHealthChecks();
app.MapDbStatus();
app.MapEstoques();
app.MapLeitos();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    app.Logger.LogCritical("Cannot start: {Reason}", e.Message.ReplaceLineEndings(" "));
    app.Logger.LogDebug(e, "Startup failure in full");
    return e is DatabaseUrlException or FormatException ? 2 : 1;
}

/// <summary>The entry point, named so integration tests can host the app.</summary>
public partial class Program;
