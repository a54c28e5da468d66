using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedAgreements.Security;

/// <summary>
/// Security: JWT bearer tokens (<see cref="AuthSettings"/>) carrying a role and, for an agency's clerks, the agency;
/// the endpoints say which roles they admit, and the agency's records are its own (<see cref="AgencyAccess"/>).
/// </summary>
public static class SecurityFeature
{
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        var auth = builder.AddSettings<AuthSettings>();
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt => Configure(jwt, auth, isDevelopment));
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessRefusals>();
        builder.Services.Configure<OpenApiOptions>("v1", openApi => openApi.AddDocumentTransformer<BearerSecurityScheme>().AddOperationTransformer<BearerSecurityScheme>());
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthSettings auth, bool isDevelopment)
    {
        jwt.MapInboundClaims = false;
        jwt.Events = new JwtBearerEvents
        {
            OnChallenge = AccessRefusals.ChallengeAsync,
            OnTokenValidated = context =>
            {
                ReadAgency(context.Principal, auth.AgencyClaim);
                return Task.CompletedTask;
            },
        };
        jwt.RequireHttpsMetadata = !isDevelopment;
        if (!string.IsNullOrEmpty(auth.Authority))
        {
            jwt.Authority = auth.Authority;
        }

        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = string.IsNullOrEmpty(auth.Authority) ? auth.Issuer : auth.Authority,
            ValidAudience = auth.Audience,
            IssuerSigningKey = auth.SecurityKey,
            ValidateIssuerSigningKey = auth.SecurityKey is not null,
            NameClaimType = auth.NameClaim,
            RoleClaimType = auth.RoleClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>
    /// The agency id the token sends under <paramref name="agencyClaim"/>, put where every reader looks for it
    /// (<see cref="ClaimNames.Agency"/>); a claim of that name sent beside another configured name is dropped, so that
    /// it cannot speak for an agency.
    /// </summary>
    public static void ReadAgency(System.Security.Claims.ClaimsPrincipal? principal, string agencyClaim)
    {
        if (principal?.Identity is not System.Security.Claims.ClaimsIdentity identity || agencyClaim == ClaimNames.Agency)
        {
            return;
        }

        foreach (var sent in identity.FindAll(ClaimNames.Agency).ToList())
        {
            identity.RemoveClaim(sent);
        }

        foreach (var agency in identity.FindAll(agencyClaim).ToList())
        {
            identity.AddClaim(new System.Security.Claims.Claim(ClaimNames.Agency, agency.Value, agency.ValueType, agency.Issuer));
        }
    }
}
