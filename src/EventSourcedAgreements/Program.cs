using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Cluster;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Idempotency;
using EventSourcedAgreements.Officers;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Publications;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Telemetry;
using EventSourcedAgreements.Webhooks;
using Scalar.AspNetCore;
using Wolverine.Http.Marten;

if (TokenCommand.Matches(args))
{
    return TokenCommand.Run(args, TimeProvider.System, Console.Out, Console.Error);
}

var invocation = EntryPoint.Read(args);
if (invocation is Invocation.Refused refused)
{
    return EntryPoint.Refuse([.. refused.Problems, EntryPoint.Usage], Console.Error);
}

var startsService = invocation is Invocation.StartService;
var builder = WebApplication.CreateBuilder(args);
try
{
    // Development only: a local PostgreSQL when no connection string is configured, stopped when the process ends.
    await using var localDatabase = builder.Environment.IsDevelopment() ? await DevelopmentOnly.LocalDatabaseAsync(builder) : null;

    Program.AddFeatures(builder, startsService);

    var app = builder.Build();

    app.UseCorrelation();
    app.UseSecurityHeaders();
    app.UseExceptionHandler();
    app.UseStatusCodePages(context => Results.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
    app.UseRequestLimits();
    app.UseDefaultFiles();
    app.UseStaticFiles();
    app.UseAuthentication();
    app.UseRateLimiter();
    app.UseRequestTimeLimits();
    app.UseAuthorization();
    app.UseIdempotency();

    app.MapHealthEndpoints();
    app.MapOpenApi();
    app.MapScalarApiReference();
    app.MapWolverineEndpoints(http =>
    {
        // Every command: what it appends is known from now, as the command source; its Idempotency-Key is taken in its transaction.
        http.AddMiddleware(typeof(CommandKnowledge), chain => chain.HttpMethods.Contains("POST"));
        http.AddMiddleware(typeof(IdempotencyReservation), chain => chain.HttpMethods.Contains("POST"));
        http.MapMartenConcurrencyFailuresToConflict(
            filter: null,
            toProblemDetails: exception => Problems.Conflict(
                "Concurrent change",
                $"The agreement or officer changed while this command was decided ({exception.Message}); reload it and decide again."));
    });

    return invocation is Invocation.Command command ? await EntryPoint.RunCommandAsync(app, command) : await EntryPoint.StartAsync(app, Console.Error);
}
catch (SettingsException unusable) when (EntryPoint.IsTheProcess)
{
    return EntryPoint.Refuse(unusable.Problems, Console.Error);
}

public partial class Program
{
    /// <summary>
    /// The service's features, each registering what it needs (services, settings, store schema, Wolverine policies,
    /// background work) in one place. The tools that open the store without the web host register the same
    /// (<see cref="StoreHost"/>). Settings that cannot be used stop it with every problem at once (<see cref="SettingsException"/>);
    /// <paramref name="startsService"/> adds those only a running service needs (the signing key).
    /// </summary>
    public static void AddFeatures(IHostApplicationBuilder builder, bool startsService = false)
    {
        builder.AddEventStore();
        builder.AddHttpApi();
        builder.AddOperationalGuards();
        builder.AddSecurity();
        builder.AddIdempotency();
        builder.AddAgreements();
        builder.AddParticipation();
        builder.AddOfficers();
        builder.AddPublications();
        builder.AddAgencies();
        builder.AddWebhooks();
        builder.AddDeadlines();
        builder.AddAuditing();
        builder.AddTelemetry();
        builder.AddCluster();
        builder.RefuseUnusable(includeCheckedAtStart: startsService);
    }
}
