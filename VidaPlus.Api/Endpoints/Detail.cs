namespace VidaPlus.Api.Endpoints;

/// <summary>Errors in FastAPI's shape, which the Python app's clients parse: <c>{"detail": "..."}</c>, and for a
/// request that fails validation, 422 with <c>{"detail": [{"loc": ["body", field], "msg": ..., "type": ...}]}</c>.</summary>
internal static class Detail
{
    /// <summary>How long a 503 asks the client to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public static IResult Of(int status, string detail) => Results.Json(new { detail }, statusCode: status);

    /// <summary>Writes <c>{"detail"}</c> with <paramref name="status"/>, from middleware and handlers outside an endpoint.</summary>
    public static Task WriteAsync(HttpContext context, int status, string detail) => Of(status, detail).ExecuteAsync(context);

    /// <summary>503 with Retry-After: the request was fine, the service is briefly unable to answer it.</summary>
    public static Task WriteUnavailableAsync(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, detail);
    }

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors, string where = "body") =>
        Results.Json(new
        {
            detail = errors.SelectMany(e => e.Value.Select(message =>
                new { loc = e.Key == where ? new[] { where } : [where, e.Key], msg = message, type = "value_error" })),
        }, statusCode: StatusCodes.Status422UnprocessableEntity);
}
