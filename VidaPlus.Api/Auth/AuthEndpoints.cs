using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using VidaPlus.Api.Endpoints;
using VidaPlus.Data.Auth;
using VidaPlus.Data.Telemetry;

namespace VidaPlus.Api.Auth;

/// <summary>/auth/token/ and /auth/token/refresh_token, as the Python app answers them.</summary>
internal static class AuthEndpoints
{
    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth/token").WithTags("auth");
        // The OAuth2 password form: username is the email. Routing matches /auth/token and /auth/token/ alike.
        group.MapPost("/", async (HttpRequest http, UserAccounts users, TokenIssuer tokens, SignInThrottle throttle) =>
        {
            var form = http.HasFormContentType ? await http.ReadFormAsync() : null;
            var (email, password) = (form?["username"].ToString() ?? "", form?["password"].ToString() ?? "");
            var address = http.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.Refusal(email, address) is { } wait)
            {
                VidaPlusTelemetry.SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", "limited"));
                http.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return Detail.Of(StatusCodes.Status429TooManyRequests, "Too many failed sign-ins; try again later.");
            }
            var result = await users.SignInAsync(email, password, http.HttpContext.RequestAborted);
            switch (result.Status)
            {
                case SignInStatus.Busy:
                    VidaPlusTelemetry.SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", "busy"));
                    http.HttpContext.Response.Headers.RetryAfter = "1";
                    return Detail.Of(StatusCodes.Status503ServiceUnavailable, "Too many sign-ins at once; try again shortly.");
                case SignInStatus.Refused:
                    VidaPlusTelemetry.SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", "refused"));
                    throttle.Failed(email, address);
                    http.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                    return Detail.Of(StatusCodes.Status401Unauthorized, "Incorrect email or password");
                default:
                    return Results.Ok(new { access_token = tokens.Issue(result.Email!), token_type = "bearer" });
            }
        }).Accepts<IFormCollection>("application/x-www-form-urlencoded").AllowAnonymous();
        group.MapPost("/refresh_token", (ClaimsPrincipal user, TokenIssuer tokens) =>
            Results.Ok(new { access_token = tokens.Issue(user.FindFirstValue(JwtRegisteredClaimNames.Sub)!), token_type = "bearer" }))
            .RequireAuthorization();
    }
}
