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
        group.MapPost("/", async (HttpRequest http, UserAccounts users, TokenIssuer tokens) =>
        {
            var form = http.HasFormContentType ? await http.ReadFormAsync() : null;
            var (email, password) = (form?["username"].ToString() ?? "", form?["password"].ToString() ?? "");
            if (await users.SignInAsync(email, password, http.HttpContext.RequestAborted) is not { } user)
            {
                http.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Detail.Of(StatusCodes.Status401Unauthorized, "Incorrect email or password");
            }
            return Results.Ok(new { access_token = tokens.Issue(user.Email), token_type = "bearer" });
        }).Accepts<IFormCollection>("application/x-www-form-urlencoded").AllowAnonymous();
        group.MapPost("/refresh_token", (ClaimsPrincipal user, TokenIssuer tokens) =>
            Results.Ok(new { access_token = tokens.Issue(user.FindFirstValue(JwtRegisteredClaimNames.Sub)!), token_type = "bearer" }))
            .RequireAuthorization();
    }
}
