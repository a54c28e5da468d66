using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedAgreements.Security;

public static class TokenIssuer
{
    public static string Issue(AuthSettings options, string role, string name, string? agencyId, DateTimeOffset now, TimeSpan lifetime)
    {
        var key = options.SecurityKey
            ?? throw new InvalidOperationException("Auth:SigningKey is not configured; tokens from an Auth:Authority come from that authority.");
        var claims = new List<Claim> { new(options.NameClaim, name), new(options.RoleClaim, role), new("sub", name) };
        if (agencyId is not null)
        {
            claims.Add(new Claim(options.AgencyClaim, agencyId));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
