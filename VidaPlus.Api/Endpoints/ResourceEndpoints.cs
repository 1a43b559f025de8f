using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using VidaPlus.Api.Auth;
using VidaPlus.Data;
using VidaPlus.Data.Entities;

namespace VidaPlus.Api.Endpoints;

internal static class ResourceLimits
{
    /// <summary>A bed or a stock item is a few hundred bytes of JSON; Kestrel refuses more with 413 too.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public const int MaxLimit = 1000;
}

/// <summary>What a resource says, in the Python app's words.</summary>
internal sealed record ResourceMessages(
    string NotFound, string Exists, string Deleted, string CreateForbidden, string ListForbidden, string ReadForbidden,
    string UpdateForbidden, string DeleteForbidden);

/// <summary>
/// Create, list (offset/limit, wrapped as <c>{"leitos": [...]}</c>), get, replace and delete for one table, answered as
/// the Python app answers (FastAPI's <c>{"detail": ...}</c>, 422 for validation), for signed-in users: creating and
/// everything on one row is for superusers (404 before 403, as the Python app checks), listing for whom
/// <c>visibleTo</c> allows. A rejected request writes nothing. Every row carries its version (PostgreSQL's xmin) as an
/// ETag: a PUT or DELETE with a stale If-Match gets 412, one that loses a race to another write 409 (404 when the row
/// went), never a mix of the two.
/// </summary>
/// <param name="validate">Field errors (422) and rule breaks (400) of a request, given the id it replaces.</param>
/// <param name="exists">Whether another row already holds what must be unique (409).</param>
/// <param name="visibleTo">The rows a signed-in user may list; null when that user may list none (403).</param>
internal sealed class ResourceEndpoints<TEntity, TRequest, TResponse>(
    string route,
    string listName,
    ResourceMessages messages,
    Func<VidaPlusDbContext, DbSet<TEntity>> table,
    Func<TRequest, VidaPlusDbContext, Task<RequestErrors>> validate,
    Func<TRequest, VidaPlusDbContext, int?, Task<bool>> exists,
    Func<TRequest, TEntity> create,
    Func<TEntity, TResponse> toResponse,
    Func<ClaimsPrincipal, IQueryable<TEntity>, IQueryable<TEntity>?> visibleTo)
    where TEntity : class, IRowVersioned
    where TRequest : class
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(route).WithTags(listName).RequireAuthorization();

        group.MapGet("/", async (VidaPlusDbContext db, ClaimsPrincipal user, int? offset, int? limit) =>
        {
            var (skip, take) = (offset ?? 0, limit ?? 100);
            var errors = new RequestErrors();
            if (skip < 0)
            {
                errors.Add("offset", "must be 0 or more");
            }
            if (take is < 1 or > ResourceLimits.MaxLimit)
            {
                errors.Add("limit", $"must be from 1 to {ResourceLimits.MaxLimit}");
            }
            if (errors.Any)
            {
                return Detail.Invalid(errors.ToDictionary(), "query");
            }
            if (visibleTo(user, table(db).AsNoTracking()) is not { } query)
            {
                return Detail.Of(StatusCodes.Status403Forbidden, messages.ListForbidden);
            }
            return await SafeRead.OnceMoreAsync(db, async () =>
            {
                var items = await query.OrderBy(e => e.Id).Skip(skip).Take(take).ToListAsync();
                return Results.Ok(new Dictionary<string, object> { [listName] = items.Select(toResponse).ToList() });
            });
        });

        group.MapGet("/{id:int}", async (VidaPlusDbContext db, ClaimsPrincipal user, int id, HttpResponse response) =>
            await SafeRead.OnceMoreAsync(db, async () =>
                await table(db).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id) is not { } entity ? NotFound()
                : !user.IsSuperuser() ? Detail.Of(StatusCodes.Status403Forbidden, messages.ReadForbidden)
                : Ok(response, entity, Results.Ok(toResponse(entity)))));

        // The body is read by hand rather than bound as a TRequest parameter: the route analyzer crashes on a generic
        // handler parameter (dotnet/aspnetcore#56831, fixed in .NET 11), and a parse error should name its field.
        group.MapPost("/", async (VidaPlusDbContext db, ClaimsPrincipal user, HttpRequest http) =>
            !user.IsSuperuser() ? Detail.Of(StatusCodes.Status403Forbidden, messages.CreateForbidden)
            : await SaveAsync(db, http, null, entity => table(db).Add(entity),
                entity => Ok(http.HttpContext.Response, entity, Results.Created($"{route}/{entity.Id}", toResponse(entity)))))
            .Accepts<TRequest>("application/json");

        group.MapPut("/{id:int}", async (VidaPlusDbContext db, ClaimsPrincipal user, int id, HttpRequest http) =>
        {
            if (await table(db).FindAsync(id) is not { } existing)
            {
                return NotFound();
            }
            if (!user.IsSuperuser())
            {
                return Detail.Of(StatusCodes.Status403Forbidden, messages.UpdateForbidden);
            }
            if (Stale(http, existing) is { } stale)
            {
                return stale;
            }
            return await SaveAsync(db, http, id, replacement =>
            {
                // The whole row, as the request states it: every column is written, not only those that differ from
                // what this request read, so two racing PUTs can never leave a mix of both.
                var entry = db.Entry(existing);
                var values = db.Entry(replacement).CurrentValues.Clone();
                values[nameof(IRowVersioned.Id)] = id;
                values[nameof(IRowVersioned.Version)] = existing.Version;
                entry.CurrentValues.SetValues(values);
                foreach (var property in entry.Properties.Where(p => !p.Metadata.IsPrimaryKey() && !p.Metadata.IsConcurrencyToken))
                {
                    property.IsModified = true;
                }
            }, _ => Ok(http.HttpContext.Response, existing, Results.Ok(toResponse(existing))));
        }).Accepts<TRequest>("application/json");

        group.MapDelete("/{id:int}", async (VidaPlusDbContext db, ClaimsPrincipal user, int id, HttpRequest http) =>
        {
            if (await table(db).FindAsync(id) is not { } entity)
            {
                return NotFound();
            }
            if (!user.IsSuperuser())
            {
                return Detail.Of(StatusCodes.Status403Forbidden, messages.DeleteForbidden);
            }
            if (Stale(http, entity) is { } stale)
            {
                return stale;
            }
            table(db).Remove(entity);
            return await WriteAsync(db, id, () => Results.Ok(new { message = messages.Deleted }));
        });
    }

    private async Task<IResult> SaveAsync(
        VidaPlusDbContext db, HttpRequest http, int? id, Action<TEntity> track, Func<TEntity, IResult> success)
    {
        if (http.ContentLength > ResourceLimits.MaxBodyBytes)
        {
            return TooLarge();
        }
        TRequest? request;
        try
        {
            request = http.HasJsonContentType() ? await http.ReadFromJsonAsync<TRequest>() : default;
        }
        catch (JsonException e)
        {
            // Path is "$.tipo_item": the field as the client wrote it. The message's own path suffix is dropped.
            return Invalid(e.Path is { Length: > 2 } path ? path[2..] : "body", e.Message.Split(" Path:", 2)[0]);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        if (request is null)
        {
            return Invalid("body", "a JSON object is required");
        }
        var errors = await validate(request, db);
        if (errors.Any)
        {
            return Detail.Invalid(errors.ToDictionary());
        }
        if (errors.Rule is { } rule)
        {
            return Detail.Of(StatusCodes.Status400BadRequest, rule);
        }
        if (await exists(request, db, id))
        {
            return Detail.Of(StatusCodes.Status409Conflict, messages.Exists);
        }
        var entity = create(request);
        track(entity);
        return await WriteAsync(db, id, () => success(entity));
    }

    // SaveChanges, with what can go wrong between reading the row and writing it answered as the client's problem.
    private async Task<IResult> WriteAsync(VidaPlusDbContext db, int? id, Func<IResult> success)
    {
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            // The row changed (its xmin moved) or went since this request read it: nothing was written.
            db.ChangeTracker.Clear();
            return id is { } key && await table(db).AsNoTracking().AnyAsync(e => e.Id == key)
                ? Detail.Of(StatusCodes.Status409Conflict, "Changed by another request after this one read it; nothing was written. GET it and try again.")
                : NotFound();
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23503" or "23505" or "23514" or "22001" or "22021" } pg)
        {
            // A constraint that validation could not see (a row deleted meanwhile): still invalid, nothing written.
            return Invalid(pg.ColumnName ?? pg.ConstraintName ?? "body", pg.MessageText);
        }
        return success();
    }

    // If-Match names the versions the client last saw; "*" any.
    private static IResult? Stale(HttpRequest http, TEntity entity)
    {
        var ifMatch = http.GetTypedHeaders().IfMatch;
        return ifMatch.Count == 0 || ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == ETagOf(entity).Tag)
            ? null
            : Detail.Of(StatusCodes.Status412PreconditionFailed, "No longer at the version in If-Match; nothing was written. GET it and try again.");
    }

    private static IResult Ok(HttpResponse response, TEntity entity, IResult result)
    {
        response.GetTypedHeaders().ETag = ETagOf(entity);
        return result;
    }

    private static EntityTagHeaderValue ETagOf(TEntity entity) => new($"\"{entity.Version}\"");

    private static IResult Invalid(string field, string message) =>
        Detail.Invalid(new Dictionary<string, string[]> { [field] = [message] });

    private static IResult TooLarge() =>
        Detail.Of(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {ResourceLimits.MaxBodyBytes / 1024} KB.");

    private IResult NotFound() => Detail.Of(StatusCodes.Status404NotFound, messages.NotFound);
}
