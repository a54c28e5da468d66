using System.Text.Json.Serialization;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Core;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Publications;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Webhooks;
using EventSourcedAgreements.Webhooks.Delivering;
using JasperFx;
using Marten;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);
if (TokenCommand.Matches(args))
{
    return TokenCommand.Run(args, builder.Configuration, builder.Environment, TimeProvider.System, Console.Out, Console.Error);
}

builder.Services.AddSingleton(TimeProvider.System);
var webhooks = WebhookSettings.From(builder.Configuration);
var deadlines = DeadlineSettings.From(builder.Configuration);
builder.Services.AddSingleton(deadlines);
builder.Services.AddAgreementsDatabases(builder.Configuration);

builder.Services.CritterStackDefaults(defaults => defaults.Production.ResourceAutoCreate = AutoCreate.None);
var marten = builder.Services.AddMarten(options =>
    {
        options.ConfigureAgreementsStore();
        options.AddTamperEvidence();
        options.AddIdempotencyKeys();
        options.Advanced.MultiHostSettings.ReadSessionPreference = Databases.ReadsFromStandby(builder.Configuration)
            ? Npgsql.TargetSessionAttributes.PreferStandby
            : Npgsql.TargetSessionAttributes.Primary;
    })
    .UseNpgsqlDataSource(Databases.StoreKey)
    .UseLightweightSessions()
    .IntegrateWithWolverine(wolverine =>
    {
        wolverine.UseWolverineManagedEventSubscriptionDistribution = true;

        // Events with a handler (the expiry and reminder scheduling) are forwarded to it once their command has committed.
        wolverine.UseFastEventForwarding = deadlines.Enabled;
    });
if (webhooks.Enabled)
{
    marten.SubscribeToEventsWithServices<WebhookFanOut>(ServiceLifetime.Singleton);
}

if (StoreSchema.AppliedAtStart(builder.Environment))
{
    marten.ApplyAllDatabaseChangesOnStartup();
}
else
{
    builder.Services.AddStoreSchemaCheck();
}

builder.Host.UseWolverine(options =>
{
    options.CodeGeneration.TypeLoadMode = GeneratedCode.Mode;
    options.EnableRelayOfUserName = true;
    options.Policies.AutoApplyTransactions();
    options.Policies.UseDurableLocalQueues();
    options.ConfigureCluster(builder.Configuration);
    options.ConfigureWebhooks(webhooks);
    options.AddDeadlineSweep(deadlines);
});

builder.Services.AddWolverineHttp();
builder.Services.AddAuditing();
builder.Services.AddPublicationImports();
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    json.SerializerOptions.AllowDuplicateProperties = false;
    json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});
builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = JsonProblemFields.Customize);
builder.Services.AddExceptionHandler<StoreExceptionHandler>();
builder.Services.AddAgreementsAuthentication(builder.Configuration, builder.Environment);
builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<BearerSecurityScheme>().AddOperationTransformer<IdempotencyKeyParameter>());
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres");
builder.Services.AddOperationalGuards(builder.Configuration);
builder.Services.AddIdempotency();
builder.Services.AddWebhooks(webhooks);
builder.Services.AddAgreementsTelemetry(builder.Configuration);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.UploadBytes);

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
    http.AddMiddleware(typeof(CommandKnowledge), chain => chain.HttpMethods.Contains("POST"));
    http.MapMartenConcurrencyFailuresToConflict(
        filter: null,
        toProblemDetails: exception => Problems.Conflict(
            "Concurrent change",
            $"The agreement changed while this command was decided ({exception.Message}); reload it and decide again."));
});

return await app.RunJasperFxCommands(args);

public partial class Program;
