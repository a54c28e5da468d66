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
        jwt.Events = new JwtBearerEvents { OnChallenge = AccessRefusals.ChallengeAsync };
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
            NameClaimType = ClaimNames.Name,
            RoleClaimType = ClaimNames.Role,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }
}
