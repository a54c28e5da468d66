using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedAgreements.Security;

/// <summary>
/// The 401 and 403 answers as RFC 9457 problems that say why: no bearer token, a token expired (when, in UTC), not yet
/// valid, signed with a key the service does not trust, from another issuer or for another audience (401, with the
/// <c>WWW-Authenticate</c> challenge of RFC 6750); a token whose role the endpoint does not admit (403: the roles it
/// needs and the token's).
/// </summary>
public sealed class AccessRefusals : IAuthorizationMiddlewareResultHandler
{
    private const string UnauthorizedType = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2";
    private const string ForbiddenType = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4";

    private readonly AuthorizationMiddlewareResultHandler standard = new();

    /// <summary>The bearer challenge (<see cref="JwtBearerEvents.OnChallenge"/>): 401, <c>WWW-Authenticate</c>, and the problem.</summary>
    public static Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var problem = Unauthenticated(context.AuthenticateFailure, context.Options.TokenValidationParameters);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? JwtBearerDefaults.AuthenticationScheme
            : $"{JwtBearerDefaults.AuthenticationScheme} error=\"invalid_token\", error_description=\"{Quotable(problem.Detail!)}\"";
        return WriteAsync(context.HttpContext, problem);
    }

    /// <summary>Why a request is not authenticated: no token (<paramref name="failure"/> null), or what is wrong with it.</summary>
    public static ProblemDetails Unauthenticated(Exception? failure, TokenValidationParameters expected)
    {
        var (title, detail) = failure switch
        {
            null => ("No bearer token", "The request carries no bearer token: send one in the Authorization header (Authorization: Bearer TOKEN)."),
            SecurityTokenExpiredException expired => ("Token expired", $"The token expired at {Instant(expired.Expires)}; get a new one from its issuer."),
            SecurityTokenNotYetValidException early => ("Token not yet valid", $"The token is not valid before {Instant(early.NotBefore)}."),
            SecurityTokenInvalidAudienceException audience => ("Token for another audience", string.IsNullOrEmpty(audience.InvalidAudience)
                ? $"The token's audience (aud) is not '{expected.ValidAudience}', the audience of this service."
                : $"The token is for the audience '{audience.InvalidAudience}', not '{expected.ValidAudience}', the audience of this service."),
            SecurityTokenInvalidIssuerException issuer => ("Token from another issuer", $"The token was issued by '{issuer.InvalidIssuer}', not by the issuer this service trusts ({Issuers(expected)})."),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => ("Token not signed by a trusted key", "The token's signature does not verify with the keys of the issuer this service trusts: it was signed with another key, or altered."),
            SecurityTokenNoExpirationException => ("Token without expiry", "The token has no expiry (exp); this service accepts only tokens that expire."),
            SecurityTokenMalformedException or ArgumentException => ("Malformed token", "The bearer token is not a well-formed JSON Web Token."),
            _ => ("Token not accepted", "The bearer token was not accepted."),
        };
        var problem = new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = title, Detail = detail, Type = UnauthorizedType };
        if (failure is SecurityTokenExpiredException { Expires: var expiredAt })
        {
            problem.Extensions["expiredAt"] = Instant(expiredAt);
        }

        return problem;
    }

    /// <summary>A 403 from an endpoint's roles is written here with the roles; a 401 goes to the bearer challenge.</summary>
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await standard.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync(context, Forbidden(context.User, authorizeResult.AuthorizationFailure));
    }

    /// <summary>The roles the endpoint admits and those <paramref name="user"/>'s token carries.</summary>
    public static ProblemDetails Forbidden(System.Security.Claims.ClaimsPrincipal user, AuthorizationFailure? failure)
    {
        var needed = failure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList() ?? [];
        var roleClaim = user.Identities.FirstOrDefault(i => i.IsAuthenticated)?.RoleClaimType ?? ClaimNames.Role;
        var held = user.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct().ToList();
        var has = held.Count switch
        {
            0 => $"the token has no role (no '{roleClaim}' claim)",
            1 => $"the token has the role {held[0]}",
            _ => $"the token has the roles {string.Join(", ", held)}",
        };
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Role not admitted",
            Detail = needed.Count switch
            {
                0 => $"The token may not do this; {has}.",
                1 => $"This endpoint needs the role {needed[0]}; {has}.",
                _ => $"This endpoint needs one of the roles {string.Join(", ", needed)}; {has}.",
            },
            Type = ForbiddenType,
        };
        problem.Extensions["requiredRoles"] = needed;
        problem.Extensions["tokenRoles"] = held;
        return problem;
    }

    private static string Instant(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Issuers(TokenValidationParameters expected) =>
        string.Join(", ", (expected.ValidIssuers ?? []).Prepend(expected.ValidIssuer).Where(i => !string.IsNullOrEmpty(i)).Distinct());

    /// <summary>RFC 6750's <c>error_description</c> admits printable ASCII but the quote and the backslash.</summary>
    private static string Quotable(string text)
    {
        var quotable = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            quotable.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?');
        }

        return quotable.ToString();
    }

    /// <summary>As application/problem+json whatever the request accepts (a CSV or HTML client's refusal too), as the status pages are written.</summary>
    private static Task WriteAsync(HttpContext context, ProblemDetails problem) => Results.Problem(problem).ExecuteAsync(context);
}
