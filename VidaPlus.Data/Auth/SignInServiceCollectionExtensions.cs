using Microsoft.Extensions.DependencyInjection;
using VidaPlus.Data.Configuration;

namespace VidaPlus.Data.Auth;

public static class SignInServiceCollectionExtensions
{
    /// <summary>
    /// Sign-in and the users behind tokens, with the limits of <see cref="VidaPlusSettings.SignIn"/> (read when first
    /// needed): the password-checking threads and the failure counts, one per process; a sign-in and a token lookup per
    /// request.
    /// </summary>
    public static IServiceCollection AddVidaPlusSignIn(this IServiceCollection services)
    {
        services.AddSingleton(provider => provider.GetRequiredService<VidaPlusSettings>().SignIn);
        services.AddSingleton<PasswordChecks>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<SignIns>();
        services.AddMemoryCache();
        services.AddScoped<TokenUsers>();
        return services;
    }
}
