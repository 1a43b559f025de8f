using VidaPlus.Api.Endpoints;
using VidaPlus.Data.Hosting;

namespace VidaPlus.Api.Health;

internal static class StartupGate
{
    /// <summary>
    /// Until the startup schema work is done, every request but the health probes gets 503 with Retry-After and
    /// what is going on: the schema may be about to change under it.
    /// </summary>
    public static void UseStartupGate(this WebApplication app)
    {
        var startup = app.Services.GetRequiredService<StartupState>();
        app.Use(async (context, next) =>
        {
            if (startup.Serving || context.Request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }
            await Detail.WriteUnavailableAsync(context, startup.Describe());
        });
    }
}
