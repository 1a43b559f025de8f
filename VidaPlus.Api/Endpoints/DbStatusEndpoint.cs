using VidaPlus.Api.Startup;
using VidaPlus.Data;
using VidaPlus.Data.Migrating;

namespace VidaPlus.Api.Endpoints;

public sealed record DatabaseAddress(string Host, int Port, string? Name);

public sealed record DbStatus(DatabaseAddress Database, string Current, string Head, IReadOnlyList<string> Applied, IReadOnlyList<string> Pending);

internal static class DbStatusEndpoint
{
    /// <summary>GET /db/status: where the schema stands, for operators and dashboards. Never shows the password.</summary>
    public static void MapDbStatus(this IEndpointRouteBuilder app) =>
        app.MapGet("/db/status", async (VidaPlusDbContext db, ApiSettings settings, CancellationToken cancellationToken) =>
        {
            var state = await new MigrationService(db).ReadStateAsync(cancellationToken);
            var url = settings.Database;
            return new DbStatus(
                new DatabaseAddress(url.Host, url.Port, url.Database),
                state.Current, state.Head, state.Applied, [.. state.Pending.Select(m => m.Id)]);
        }).WithTags("db");
}
