using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VidaPlus.Data;

namespace VidaPlus.Api.Endpoints;

/// <summary>One page of a list.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>
/// List (paged), get, create, update and delete for one table, shared by the resources. A rejected request writes
/// nothing: it is validated first, and a database constraint that still fails is a 400 too.
/// </summary>
/// <typeparam name="TEntity">The entity; its key is an int named Id. An update writes every column from the request,
/// as a create does (PUT replaces the row).</typeparam>
/// <typeparam name="TRequest">The request body for create and update.</typeparam>
/// <typeparam name="TResponse">What a client sees of an entity.</typeparam>
internal sealed class ResourceEndpoints<TEntity, TRequest, TResponse>(
    string route,
    Func<VidaPlusDbContext, DbSet<TEntity>> table,
    Func<TRequest, VidaPlusDbContext, Task<Dictionary<string, string[]>>> validate,
    Func<TRequest, TEntity> create,
    Func<TEntity, TResponse> toResponse,
    Func<TEntity, int> idOf)
    where TEntity : class
    where TRequest : class
{
    private const int MaxPageSize = 100;

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(route).WithTags(route.Trim('/'));

        group.MapGet("/", async (VidaPlusDbContext db, int? page, int? page_size) =>
        {
            var (number, size) = (page ?? 1, page_size ?? 20);
            var errors = new Dictionary<string, string[]>();
            if (number < 1)
            {
                errors["page"] = ["must be 1 or more"];
            }
            if (size is < 1 or > MaxPageSize)
            {
                errors["page_size"] = [$"must be from 1 to {MaxPageSize}"];
            }
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }
            var query = table(db).AsNoTracking();
            var items = await query.OrderBy(e => EF.Property<int>(e, "Id")).Skip((number - 1) * size).Take(size).ToListAsync();
            return Results.Ok(new PageOf<TResponse>([.. items.Select(toResponse)], number, size, await query.CountAsync()));
        });

        group.MapGet("/{id:int}", async (VidaPlusDbContext db, int id) =>
        {
            var entity = await table(db).FindAsync(id);
            return entity is null ? NotFound(id) : Results.Ok(toResponse(entity));
        });

        // The body is read by hand rather than bound as a TRequest parameter: the route analyzer crashes on a generic
        // handler parameter (dotnet/aspnetcore#56831, fixed in .NET 11), and a parse error should name its field.
        group.MapPost("/", async (VidaPlusDbContext db, HttpRequest http) =>
            await SaveAsync(db, http, entity => table(db).Add(entity),
                entity => Results.Created($"{route}/{idOf(entity)}", toResponse(entity))))
            .Accepts<TRequest>("application/json");

        group.MapPut("/{id:int}", async (VidaPlusDbContext db, int id, HttpRequest http) =>
        {
            if (await table(db).FindAsync(id) is not { } existing)
            {
                return NotFound(id);
            }
            return await SaveAsync(db, http, replacement =>
            {
                var values = db.Entry(replacement).CurrentValues.Clone();
                values["Id"] = id;
                db.Entry(existing).CurrentValues.SetValues(values);
            }, _ => Results.Ok(toResponse(existing)));
        }).Accepts<TRequest>("application/json");

        group.MapDelete("/{id:int}", async (VidaPlusDbContext db, int id) =>
        {
            if (await table(db).FindAsync(id) is not { } entity)
            {
                return NotFound(id);
            }
            table(db).Remove(entity);
            await db.SaveChangesAsync();
            return Results.NoContent();
        });
    }

    private async Task<IResult> SaveAsync(
        VidaPlusDbContext db, HttpRequest http, Action<TEntity> track, Func<TEntity, IResult> success)
    {
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
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23503" or "23505" or "23514" or "22001" } pg)
        {
            // A constraint that validation could not see (a row deleted meanwhile): still a bad request, nothing written.
            return BadRequest(pg.ColumnName ?? pg.ConstraintName ?? "body", pg.MessageText);
        }
        return success(entity);
    }

    private static IResult BadRequest(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private IResult NotFound(int id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No {route.Trim('/')} with id {id}.");
}
