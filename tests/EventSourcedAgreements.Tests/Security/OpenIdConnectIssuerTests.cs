using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EventSourcedAgreements.Tests.Security;

/// <summary>
/// The service configured with an OpenID Connect issuer (<c>Auth:Authority</c>) and the names that issuer gives the role,
/// agency and name claims (<c>Auth:RoleClaim</c>, <c>Auth:AgencyClaim</c>, <c>Auth:NameClaim</c>), and no signing key:
/// a real issuer (OpenIddict, on Kestrel on a free localhost port, client-credentials flow, degraded mode, ephemeral
/// keys) issues the tokens, and the service reads them from its discovery document and keys. The service runs in
/// Development, as every test host does: there, and only there, it fetches the issuer's metadata over plain http
/// (<c>RequireHttpsMetadata</c> is off), which the issuer in this test serves.
/// </summary>
public sealed class OpenIdConnectIssuerTests(AppFixture app) : AppTest(app)
{
    private const string RoleClaim = "https://example.org/role";
    private const string AgencyClaim = "https://example.org/agency";
    private const string NameClaim = "https://example.org/name";
    private const string Marion = "fl-marion-county-sheriffs-office";

    private static readonly Dictionary<string, (string Secret, (string Type, string Value)[] Claims)> Clients = new(StringComparer.Ordinal)
    {
        // The clerk's token also carries a claim named `agency`, as the service's default would read it: with
        // Auth:AgencyClaim configured, that one speaks for no agency.
        ["marion-clerk"] = ("marion-secret", [(RoleClaim, Roles.Agency), (AgencyClaim, Marion), (NameClaim, "Marion records clerk"), ("agency", "fl-hernando-county-sheriffs-office")]),
        ["audit-office"] = ("audit-secret", [(RoleClaim, Roles.Auditor), (NameClaim, "Ada Auditor")]),
    };

    [Fact]
    public async Task a_token_from_an_openid_connect_issuer_is_read_under_the_claim_names_configured_for_it()
    {
        await using var issuer = await StartIssuerAsync();
        await using var host = await AppFixture.StartHostAsync(
            await App.Postgres.CreateDatabaseAsync(),
            ("Auth:SigningKey", string.Empty),
            ("Auth:Authority", issuer.Address),
            ("Auth:RoleClaim", RoleClaim),
            ("Auth:AgencyClaim", AgencyClaim),
            ("Auth:NameClaim", NameClaim));
        host.Services.GetRequiredService<IOptions<AuthSettings>>().Value.SecurityKey.ShouldBeNull();
        var service = new Service(host, Service.Anonymous);
        var clerk = await issuer.TokenAsync("marion-clerk");
        var auditor = await issuer.TokenAsync("audit-office");

        var first = (await service.ExchangeAsync(HttpMethod.Post, "/api/agreements", new { state = "FL", agencyName = "Marion County Sheriff's Office", model = "JEM", requestedOn = "2019-01-02" }, HttpStatusCode.Created, clerk))
            .ReadAsJson<AgreementAccepted>()!.Id;
        var second = (await service.ExchangeAsync(HttpMethod.Post, "/api/agreements", new { model = "WSO" }, HttpStatusCode.Created, clerk))
            .ReadAsJson<AgreementAccepted>()!.Id;
        var refused = await service.ExchangeAsync(HttpMethod.Post, $"/api/agreements/{first}/withdraw", new { reason = "Not ours to withdraw" }, HttpStatusCode.Forbidden, auditor);

        refused.Context.Response.ContentType.ShouldBe("application/problem+json");
        JsonDocument.Parse(refused.ReadAsText()).RootElement.GetProperty("detail").GetString()
            .ShouldBe("This endpoint needs one of the roles program-officer, agency; the token has the role auditor.");
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var id in new[] { first, second })
        {
            var requested = (await session.Events.FetchStreamAsync(id)).ShouldHaveSingleItem();
            requested.Data.ShouldBeOfType<AgreementRequested>().AgencyId.ShouldBe(Marion);
            requested.UserName.ShouldBe("Marion records clerk");
        }
    }

    private static async Task<Issuer> StartIssuerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetTokenEndpointUris("connect/token");
            server.AllowClientCredentialsFlow();
            server.EnableDegradedMode();
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            server.DisableAccessTokenEncryption();
            server.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();

            // Degraded mode keeps no client store: the clients are checked here.
            server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId is null || !Clients.TryGetValue(context.ClientId, out var client) || client.Secret != context.ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client, or the wrong secret.");
                }

                return default;
            }));
        });

        var issuer = builder.Build();
        issuer.UseAuthentication();
        issuer.MapPost("/connect/token", (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, NameClaim, RoleClaim);
            identity.AddClaim(new Claim(Claims.Subject, request.ClientId!));
            foreach (var (type, value) in Clients[request.ClientId!].Claims)
            {
                identity.AddClaim(new Claim(type, value));
            }

            identity.SetDestinations(_ => [Destinations.AccessToken]);
            var principal = new ClaimsPrincipal(identity);
            principal.SetResources("event-sourced-agreements");
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        await issuer.StartAsync();
        return new Issuer(issuer);
    }

    /// <summary>The running issuer: its address (its <c>iss</c>, as it derives it from the requests it answers) and its token endpoint.</summary>
    private sealed class Issuer(WebApplication app) : IAsyncDisposable
    {
        public string Address { get; } = app.Urls.Single().TrimEnd('/') + "/";

        public async Task<string> TokenAsync(string clientId)
        {
            using var http = new HttpClient();
            using var response = await http.PostAsync(new Uri($"{Address}connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = GrantTypes.ClientCredentials,
                ["client_id"] = clientId,
                ["client_secret"] = Clients[clientId].Secret,
            }));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
            return body.GetProperty("access_token").GetString()!;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
