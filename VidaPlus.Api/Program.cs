using VidaPlus.Api.Cli;
using VidaPlus.Data;
using VidaPlus.Data.Connection;
using VidaPlus.Data.Migrating;

// `db VERB` runs a database command and exits: no web host starts.
if (DbCommands.Handles(args))
{
    return await DbCommands.RunAsync(args, Console.Out, Console.Error);
}

DatabaseUrl databaseUrl;
try
{
    databaseUrl = DatabaseUrlSource.Resolve();
}
catch (DatabaseUrlException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDbContext<VidaPlusDbContext>(options => options.UseVidaPlusPostgres(databaseUrl.ConnectionString));
builder.Services.AddScoped<StartupMigrator>();
builder.Services.AddHealthChecks().AddDbContextCheck<VidaPlusDbContext>();

var app = builder.Build();
app.MapHealthChecks("/health");

// Migrate before the server listens, so no request ever meets an old schema.
await using (var scope = app.Services.CreateAsyncScope())
{
    try
    {
        await scope.ServiceProvider.GetRequiredService<StartupMigrator>().MigrateAsync(databaseUrl.ToString());
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        app.Logger.LogCritical("Startup migration of {Database} failed: {Reason}", databaseUrl, e.Message);
        return 1;
    }
}

await app.RunAsync();
return 0;
