using VidaPlus.Api.Auth;
using VidaPlus.Data.Compatibility;
using VidaPlus.Data.Configuration;
using VidaPlus.Data.Engine;

namespace VidaPlus.Api.Endpoints;

/// <param name="Host">The host, or each host with its port (h1:5432,h2:5433) for a multi-host URL, whose Port is then null.</param>
public sealed record DatabaseAddress(string Host, int? Port, string? Name);

/// <param name="AlembicRevision">For a database the Python app's Alembic made and nobody adopted yet, its revision.</param>
/// <param name="Problem">Why the schema is not ready for this build, or null.</param>
/// <param name="Unknown">Applied migrations this build does not have, with the class their build recorded. Only when every
/// one is expand is the database "ahead" of this build (it runs on it, and <paramref name="Problem"/> is null).</param>
/// <param name="Unrecorded">Applied migrations with no VidaPlus record (checksum), which `db stamp --record-only` writes.</param>
/// <param name="Interrupted">Each migration an interrupted run left part-way: how many steps are done, and where the next
/// run goes on.</param>
public sealed record DbStatus(
    DatabaseAddress Database, string Current, string Head, IReadOnlyList<string> Applied, IReadOnlyList<string> Pending,
    IReadOnlyList<UnknownMigration> Unknown, IReadOnlyList<string> Unrecorded, string? AlembicRevision, string? Problem,
    IReadOnlyList<string> Interrupted);

public sealed record UnknownMigration(string Id, string? Class, string? Reason);

internal static class DbStatusEndpoint
{
    /// <summary>GET /db/status: where the schema stands, for operators and dashboards. Never shows the password.</summary>
    public static void MapDbStatus(this IEndpointRouteBuilder app) =>
        app.MapGet("/db/status", async (MigrationService migrations, VidaPlusSettings settings, CancellationToken cancellationToken) =>
        {
            var state = await migrations.ReadStateAsync(cancellationToken);
            var records = await migrations.ReadRecordsAsync(cancellationToken);
            var url = settings.Database;
            return new DbStatus(
                url.Host.Contains(',', StringComparison.Ordinal) ? new DatabaseAddress(url.Hosts, null, url.Database)
                    : new DatabaseAddress(url.Host, url.Port, url.Database),
                state.Current, state.Head, state.Applied, [.. state.Pending.Select(m => m.Id)],
                [.. state.Unknown.Select(id => state.UnknownRecords.GetValueOrDefault(id) is { } r
                    ? new UnknownMigration(id, r.Compatibility?.Name(), r.CompatibilityReason)
                    : new UnknownMigration(id, null, null))],
                state.Unrecorded(records),
                state.IsAlembic ? state.AlembicRevision : null, state.NotReadyReason, await migrations.InterruptedAsync(state, cancellationToken));
        }).WithTags("db").RequireAuthorization(AuthSetup.Superuser);
}
