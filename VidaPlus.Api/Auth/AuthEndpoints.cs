using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using VidaPlus.Api.Endpoints;
using VidaPlus.Data.Auth;

namespace VidaPlus.Api.Auth;

/// <summary>/auth/token/ and /auth/token/refresh_token, as the Python app answers them.</summary>
internal static class AuthEndpoints
{
    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth/token").WithTags("auth");
        // The OAuth2 password form: username is the email. Routing matches /auth/token and /auth/token/ alike.
        group.MapPost("/", async (HttpRequest http, SignIns signIns, TokenIssuer tokens) =>
        {
            var form = http.HasFormContentType ? await http.ReadFormAsync() : null;
            var (email, password) = (form?["username"].ToString() ?? "", form?["password"].ToString() ?? "");
            var address = http.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var result = await signIns.SignInAsync(email, password, address, http.HttpContext.RequestAborted);
            switch (result.Status)
            {
                case SignInStatus.Limited:
                    http.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter!.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    return Detail.Of(StatusCodes.Status429TooManyRequests, "Too many failed sign-ins; try again later.");
                case SignInStatus.Busy:
                    http.HttpContext.Response.Headers.RetryAfter = "1";
                    return Detail.Of(StatusCodes.Status503ServiceUnavailable, "Too many sign-ins at once; try again shortly.");
                case SignInStatus.Refused:
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
