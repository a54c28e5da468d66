using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedAgreements.Security;

public static class Authentication
{
    public static IServiceCollection AddAgreementsAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(
                options => !options.Problems(environment.IsDevelopment()).Any(),
                "Authentication is not configured safely; see the log for what to set.")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value, environment));
        services.AddAuthorization();
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, IHostEnvironment environment)
    {
        jwt.MapInboundClaims = false;
        jwt.RequireHttpsMetadata = !environment.IsDevelopment();
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
