using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using VidaPlus.Api.Auth;
using VidaPlus.Data;
using VidaPlus.Data.Entities;

namespace VidaPlus.Api.Endpoints;

/// <summary>One page of a list.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

internal static class ResourceLimits
{
    /// <summary>A bed or a stock item is a few hundred bytes of JSON; Kestrel refuses more with 413 too.</summary>
    public const long MaxBodyBytes = 64 * 1024;
}

/// <summary>
/// List (paged), get, create, replace and delete for one table, shared by the resources. A rejected request writes
/// nothing: it is validated first, and a database constraint that still fails is a 400 too. Every row carries its
/// version (PostgreSQL's xmin) as an ETag: a PUT or DELETE with a stale If-Match gets 412, and one that loses a race
/// to another write gets 409 (or 404 when the row went), never a mix of the two.
/// </summary>
/// <typeparam name="TEntity">The entity. A PUT writes every column from the request, as a create does.</typeparam>
/// <typeparam name="TRequest">The request body for create and replace.</typeparam>
/// <typeparam name="TResponse">What a client sees of an entity.</typeparam>
/// <param name="visibleTo">The rows a signed-in user may list; null when that user may list none (403). Every other
/// operation is for superusers.</param>
internal sealed class ResourceEndpoints<TEntity, TRequest, TResponse>(
    string route,
    Func<VidaPlusDbContext, DbSet<TEntity>> table,
    Func<TRequest, VidaPlusDbContext, Task<Dictionary<string, string[]>>> validate,
    Func<TRequest, TEntity> create,
    Func<TEntity, TResponse> toResponse,
    Func<ClaimsPrincipal, IQueryable<TEntity>, IQueryable<TEntity>?> visibleTo)
    where TEntity : class, IRowVersioned
    where TRequest : class
{
    private const int MaxPageSize = 100;

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(route).WithTags(route.Trim('/')).RequireAuthorization(AuthSetup.Superuser);
        var list = app.MapGroup(route).WithTags(route.Trim('/')).RequireAuthorization();

        list.MapGet("/", async (VidaPlusDbContext db, ClaimsPrincipal user, int? page, int? page_size) =>
        {
            var (number, size) = (page ?? 1, page_size ?? 20);
            var errors = new RequestErrors();
            if (number < 1 || (long)(number - 1) * size > int.MaxValue)
            {
                errors.Add("page", $"must be from 1 to {int.MaxValue / Math.Clamp(size, 1, MaxPageSize) + 1}");
            }
            if (size is < 1 or > MaxPageSize)
            {
                errors.Add("page_size", $"must be from 1 to {MaxPageSize}");
            }
            if (errors.Any)
            {
                return Results.ValidationProblem(errors.ToDictionary());
            }
            if (visibleTo(user, table(db).AsNoTracking()) is not { } query)
            {
                return Results.Json(new { detail = $"Only superusers may list {Name}." }, statusCode: StatusCodes.Status403Forbidden);
            }
            return await SafeRead.OnceMoreAsync(db, async () =>
            {
                var items = await query.OrderBy(e => e.Id).Skip((number - 1) * size).Take(size).ToListAsync();
                return Results.Ok(new PageOf<TResponse>([.. items.Select(toResponse)], number, size, await query.CountAsync()));
            });
        });

        group.MapGet("/{id:int}", async (VidaPlusDbContext db, int id, HttpResponse response) =>
            await SafeRead.OnceMoreAsync(db, async () =>
                await table(db).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id) is { } entity
                    ? Ok(response, entity, Results.Ok(toResponse(entity)))
                    : NotFound(id)));

        // The body is read by hand rather than bound as a TRequest parameter: the route analyzer crashes on a generic
        // handler parameter (dotnet/aspnetcore#56831, fixed in .NET 11), and a parse error should name its field.
        group.MapPost("/", async (VidaPlusDbContext db, HttpRequest http) =>
            await SaveAsync(db, http, null, entity => table(db).Add(entity),
                entity => Ok(http.HttpContext.Response, entity, Results.Created($"{route}/{entity.Id}", toResponse(entity)))))
            .Accepts<TRequest>("application/json");

        group.MapPut("/{id:int}", async (VidaPlusDbContext db, int id, HttpRequest http) =>
        {
            if (await table(db).FindAsync(id) is not { } existing)
            {
                return NotFound(id);
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

        group.MapDelete("/{id:int}", async (VidaPlusDbContext db, int id, HttpRequest http) =>
        {
            if (await table(db).FindAsync(id) is not { } entity)
            {
                return NotFound(id);
            }
            if (Stale(http, entity) is { } stale)
            {
                return stale;
            }
            table(db).Remove(entity);
            return await WriteAsync(db, id, () => Results.NoContent());
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
            return BadRequest(e.Path is { Length: > 2 } path ? path[2..] : "body", e.Message.Split(" Path:", 2)[0]);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        if (request is null)
        {
            return BadRequest("body", "a JSON object is required");
        }
        var errors = await validate(request, db);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
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
                ? Results.Problem(statusCode: StatusCodes.Status409Conflict,
                    detail: $"{Name} {key} was changed by another request after this one read it; nothing was written. GET it and try again.")
                : NotFound(id ?? 0);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23503" or "23505" or "23514" or "22001" or "22021" } pg)
        {
            // A constraint that validation could not see (a row deleted meanwhile): still a bad request, nothing written.
            return BadRequest(pg.ColumnName ?? pg.ConstraintName ?? "body", pg.MessageText);
        }
        return success();
    }

    // If-Match names the versions the client last saw; "*" any.
    private IResult? Stale(HttpRequest http, TEntity entity)
    {
        var ifMatch = http.GetTypedHeaders().IfMatch;
        return ifMatch.Count == 0 || ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == ETagOf(entity).Tag)
            ? null
            : Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
                detail: $"{Name} {entity.Id} is no longer at the version in If-Match; nothing was written. GET it and try again.");
    }

    private static IResult Ok(HttpResponse response, TEntity entity, IResult result)
    {
        response.GetTypedHeaders().ETag = ETagOf(entity);
        return result;
    }

    private static EntityTagHeaderValue ETagOf(TEntity entity) => new($"\"{entity.Version}\"");

    private string Name => route.Trim('/');

    private static IResult BadRequest(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body is larger than {ResourceLimits.MaxBodyBytes / 1024} KB.");

    private IResult NotFound(int id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No {Name} with id {id}.");
}
