using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VidaPlus.Api.Endpoints;
using VidaPlus.Data.Auth;
using VidaPlus.Data.Configuration;

namespace VidaPlus.Api.Auth;

internal static class AuthSetup
{
    public const string Superuser = "superuser";
    public const string UserIdClaim = "vidaplus:user_id";
    private const string CouldNotValidate = "Could not validate credentials";

    /// <summary>
    /// Bearer tokens checked by ASP.NET Core's JwtBearer handler with the Python app's settings; the user is then
    /// looked up by <c>sub</c> and must exist and be active. 401 and 403 answer in FastAPI's shape.
    /// </summary>
    public static IServiceCollection AddVidaPlusAuth(this IServiceCollection services)
    {
        // Read from the settings when first needed: a missing or weak SECRET_KEY stops the start in Program, in one line.
        services.AddSingleton(provider => new TokenIssuer(provider.GetRequiredService<VidaPlusSettings>().Tokens));
        services.AddVidaPlusSignIn();
        // No default scheme (ASP.NET Core makes a lone scheme the default unless this switch is on): a token is read
        // only where an endpoint asks for authorization, whose policies name the scheme, so an anonymous route such
        // as /health/live sent a bearer header costs no user lookup.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenIssuer>((options, issuer) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                IssuerSigningKey = issuer.Key,
                ValidAlgorithms = [issuer.Algorithm],
                ValidateIssuer = false,
                ValidateAudience = false,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.Zero,
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var email = context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
                    var user = email is null ? null
                        : await context.HttpContext.RequestServices.GetRequiredService<TokenUsers>().FindAsync(email, context.HttpContext.RequestAborted);
                    if (user is null)
                    {
                        context.Fail(CouldNotValidate);
                        return;
                    }
                    ((ClaimsIdentity)context.Principal!.Identity!).AddClaims(
                        [new Claim(UserIdClaim, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(Superuser, user.IsSuperuser ? "true" : "false")]);
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await Detail.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, CouldNotValidate);
                },
                OnForbidden = context => Detail.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Only superusers may do this."),
            };
        });
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build())
            .AddPolicy(Superuser, policy => policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireClaim(Superuser, "true"));
        return services;
    }

    /// <summary>The signed-in user's id.</summary>
    public static int UserId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(UserIdClaim)!, System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsSuperuser(this ClaimsPrincipal user) => user.HasClaim(Superuser, "true");
}
