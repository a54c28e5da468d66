using System.Globalization;
using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Security;

/// <summary>
/// A refused caller learns why, as an RFC 9457 problem: no token, a token expired (and when, in ISO 8601 UTC), signed
/// with another key, from another issuer, for another audience (401, with RFC 6750's challenge); the role the endpoint
/// needs and the token's (403).
/// </summary>
public sealed class RefusalTests(AppFixture app) : AppTest(app)
{
    private AuthSettings Auth => App.Host.Services.GetRequiredService<IOptions<AuthSettings>>().Value;

    [Fact]
    public async Task a_request_without_a_token_is_told_to_send_one()
    {
        var (problem, challenge) = await Refused(token: null, HttpStatusCode.Unauthorized);

        problem.GetProperty("title").GetString().ShouldBe("No bearer token");
        problem.GetProperty("detail").GetString().ShouldBe("The request carries no bearer token: send one in the Authorization header (Authorization: Bearer TOKEN).");
        challenge.ShouldBe("Bearer");
    }

    [Fact]
    public async Task an_expired_token_is_told_when_it_expired_in_utc()
    {
        var expired = TokenIssuer.Issue(Auth, ProgramOfficer, "Pat Officer", null, DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromHours(1));
        var expiredAt = new JsonWebToken(expired).ValidTo.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var (problem, challenge) = await Refused(expired, HttpStatusCode.Unauthorized);

        problem.GetProperty("title").GetString().ShouldBe("Token expired");
        problem.GetProperty("detail").GetString().ShouldBe($"The token expired at {expiredAt}; get a new one from its issuer.");
        problem.GetProperty("expiredAt").GetString().ShouldBe(expiredAt);
        challenge.ShouldBe($"Bearer error=\"invalid_token\", error_description=\"The token expired at {expiredAt}; get a new one from its issuer.\"");
    }

    [Theory]
    [InlineData("key", "Token not signed by a trusted key", "The token's signature does not verify with the keys of the issuer this service trusts: it was signed with another key, or altered.")]
    [InlineData("issuer", "Token from another issuer", "The token was issued by 'https://login.example.org', not by the issuer this service trusts (event-sourced-agreements).")]
    [InlineData("audience", "Token for another audience", "The token's audience (aud) is not 'event-sourced-agreements', the audience of this service.")]
    public async Task a_token_this_service_does_not_trust_is_told_why(string wrong, string title, string detail)
    {
        var settings = wrong switch
        {
            "key" => new AuthSettings { SigningKey = new string('k', 48) },
            "issuer" => new AuthSettings { SigningKey = Auth.SigningKey, Issuer = "https://login.example.org" },
            _ => new AuthSettings { SigningKey = Auth.SigningKey, Audience = "another-service" },
        };
        var token = TokenIssuer.Issue(settings, ProgramOfficer, "Mallory", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

        var (problem, challenge) = await Refused(token, HttpStatusCode.Unauthorized);

        problem.GetProperty("title").GetString().ShouldBe(title);
        problem.GetProperty("detail").GetString().ShouldBe(detail);
        challenge.ShouldBe($"Bearer error=\"invalid_token\", error_description=\"{detail}\"");
    }

    [Fact]
    public async Task a_token_of_a_role_the_endpoint_does_not_admit_is_told_the_roles_it_needs_and_the_one_it_has()
    {
        var id = await Requested();

        var sign = await Service.ExchangeAsync(HttpMethod.Post, $"/api/agreements/{id}/sign", new { signedOn = "2019-01-22" }, HttpStatusCode.Forbidden, App.TokenFor(Auditor));
        var request = await Service.ExchangeAsync(HttpMethod.Post, "/api/agreements", HernandoJem, HttpStatusCode.Forbidden, App.TokenFor(Auditor));

        sign.Context.Response.ContentType.ShouldBe("application/problem+json");
        var signProblem = JsonDocument.Parse(sign.ReadAsText()).RootElement;
        signProblem.GetProperty("detail").GetString().ShouldBe("This endpoint needs the role program-officer; the token has the role auditor.");
        signProblem.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString()).ShouldBe([ProgramOfficer]);
        signProblem.GetProperty("tokenRoles").EnumerateArray().Select(r => r.GetString()).ShouldBe([Auditor]);
        JsonDocument.Parse(request.ReadAsText()).RootElement.GetProperty("detail").GetString()
            .ShouldBe("This endpoint needs one of the roles agency, program-officer; the token has the role auditor.");
        (await Events(id)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("text/html")]
    public async Task a_refusal_is_a_problem_whatever_the_request_accepts(string accept)
    {
        var headers = new Dictionary<string, string> { ["Accept"] = accept };

        var missing = await Service.ExchangeAsync(HttpMethod.Get, "/api/audit?from=2019-01-01&to=2019-12-31", null, HttpStatusCode.Unauthorized, Service.Anonymous, headers);
        var wrongRole = await Service.ExchangeAsync(HttpMethod.Get, "/api/audit?from=2019-01-01&to=2019-12-31", null, HttpStatusCode.Forbidden, App.TokenFor(Agency, "fl-hernando-county-sheriffs-office"), headers);

        missing.Context.Response.ContentType.ShouldBe("application/problem+json");
        JsonDocument.Parse(missing.ReadAsText()).RootElement.GetProperty("title").GetString().ShouldBe("No bearer token");
        wrongRole.Context.Response.ContentType.ShouldBe("application/problem+json");
        JsonDocument.Parse(wrongRole.ReadAsText()).RootElement.GetProperty("detail").GetString().ShouldBe("This endpoint needs the role auditor; the token has the role agency.");
    }

    private async Task<(JsonElement Problem, string Challenge)> Refused(string? token, HttpStatusCode expected)
    {
        var before = await App.CountEventsAsync();
        var result = await Service.ExchangeAsync(HttpMethod.Post, "/api/agreements", HernandoJem, expected, token ?? Service.Anonymous);

        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(result.ReadAsText()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)expected);
        (await App.CountEventsAsync()).ShouldBe(before);
        return (problem, result.Context.Response.Headers.WWWAuthenticate.ToString());
    }
}
