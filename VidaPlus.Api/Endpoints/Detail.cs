namespace VidaPlus.Api.Endpoints;

/// <summary>Errors in FastAPI's shape, which the Python app's clients parse: <c>{"detail": "..."}</c>, and for a
/// request that fails validation, 422 with <c>{"detail": [{"loc": ["body", field], "msg": ..., "type": ...}]}</c>.</summary>
internal static class Detail
{
    public static IResult Of(int status, string detail) => Results.Json(new { detail }, statusCode: status);

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors, string where = "body") =>
        Results.Json(new
        {
            detail = errors.SelectMany(e => e.Value.Select(message =>
                new { loc = e.Key == where ? new[] { where } : [where, e.Key], msg = message, type = "value_error" })),
        }, statusCode: StatusCodes.Status422UnprocessableEntity);
}
