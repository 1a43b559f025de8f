using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VidaPlus.Data.Auth;

namespace VidaPlus.Api.Auth;

/// <summary>Tokens as the Python app makes them (PyJWT): claims <c>sub</c> (the email) and <c>exp</c>, signed with
/// SECRET_KEY by ALGORITHM, so a token either app issued works on the other.</summary>
internal sealed class TokenIssuer(TokenSettings settings)
{
    public SymmetricSecurityKey Key { get; } = new(Encoding.UTF8.GetBytes(settings.SecretKey));

    public string Algorithm => settings.Algorithm;

    public string Issue(string email) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, email)]),
        Expires = DateTime.UtcNow + settings.Lifetime,
        SigningCredentials = new SigningCredentials(Key, settings.Algorithm),
    });
}
