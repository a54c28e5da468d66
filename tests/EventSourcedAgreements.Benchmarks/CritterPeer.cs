using System.Text;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// The write path's peer: the plainest service a Critter Stack engineer would write from Wolverine's and Marten's samples
/// for the same two commands — a Wolverine.Http endpoint starting a Marten stream with one event (a request), another
/// appending one event to a loaded aggregate (a signing), the aggregate an inline snapshot, lightweight sessions,
/// transactions applied by Wolverine's policy; with <c>--jwt</c>, JWT bearer authentication on every endpoint. None of
/// the service's rules, time axes, hash chain, idempotency or projections. Run from this same program
/// (<c>EventSourcedAgreements.Benchmarks critter-peer [--jwt]</c>; address from ASPNETCORE_URLS, database from
/// ConnectionStrings__Postgres, key from Auth__SigningKey).
/// </summary>
public static class CritterPeer
{
    public const string Argument = "critter-peer";
    public const string Jwt = "--jwt";

    public static bool Matches(string[] args) => args is [Argument] or [Argument, Jwt];

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder();
        var jwt = args.Contains(Jwt);
        builder.Services.AddMarten(options =>
            {
                options.Connection(builder.Configuration.GetConnectionString("Postgres")!);
                options.DatabaseSchemaName = "critter_peer";
                options.Projections.Snapshot<PeerAgreement>(SnapshotLifecycle.Inline);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine();
        builder.Host.UseWolverine(options =>
        {
            options.Policies.AutoApplyTransactions();
            options.Discovery.DisableConventionalDiscovery();
        });
        builder.Services.AddWolverineHttp();
        if (jwt)
        {
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(bearer =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Auth:SigningKey"]!)),
                    ValidateIssuer = false,
                    ValidateAudience = false,
                };
            });
            builder.Services.AddAuthorization();
        }

        var app = builder.Build();
        if (jwt)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        app.MapGet("/health", () => "Healthy");
        app.MapWolverineEndpoints(http =>
        {
            if (jwt)
            {
                http.RequireAuthorizeOnAll();
            }
        });
        await app.RunAsync();
    }
}

public sealed record PeerRequest(string State, string AgencyName, string Model, DateOnly RequestedOn);

public sealed record PeerSign(DateOnly SignedOn, string? MoaUrl, DateOnly? ExpiresOn);

public sealed record PeerRequested(string State, string AgencyName, string Model, DateOnly RequestedOn);

public sealed record PeerSigned(DateOnly SignedOn, string? MoaUrl, DateOnly? ExpiresOn);

/// <summary>The peer's aggregate, an immutable snapshot Marten folds inline.</summary>
public sealed record PeerAgreement(Guid Id, string AgencyName, string Model, string Status, DateOnly? SignedOn)
{
    public static PeerAgreement Create(IEvent<PeerRequested> requested) =>
        new(requested.StreamId, requested.Data.AgencyName, requested.Data.Model, "Requested", null);

    public PeerAgreement Apply(PeerSigned signed) => this with { Status = "Active", SignedOn = signed.SignedOn };
}

public static class PeerEndpoints
{
    [WolverinePost("/api/agreements")]
    public static (CreationResponse<Guid>, IStartStream) Request(PeerRequest command)
    {
        var start = MartenOps.StartStream<PeerAgreement>(new PeerRequested(command.State, command.AgencyName, command.Model, command.RequestedOn));
        return (new CreationResponse<Guid>($"/api/agreements/{start.StreamId}", start.StreamId), start);
    }

    [WolverinePost("/api/agreements/{id}/sign")]
    public static (IResult, Events) Sign(PeerSign command, [WriteAggregate("id")] PeerAgreement agreement) =>
        agreement.Status == "Requested"
            ? (Results.Ok(new { agreement.Id, Status = "Active" }), [new PeerSigned(command.SignedOn, command.MoaUrl, command.ExpiresOn)])
            : (Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Transition not allowed"), []);
}
