using JasperFx;
using JasperFx.OpenTelemetry;
using Marten;
using Weasel.Core;
using Wolverine;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// What every feature stands on: PostgreSQL (<see cref="Databases"/>), the Marten event store in the <c>agreements</c>
/// schema with its event metadata (user, correlation, causation, headers), and Wolverine integrated with it (its
/// outbox, durable local queues, transactions around every handler and endpoint, and the cluster's distribution of
/// asynchronous projections). The features add their documents, projections and schema objects to the store with
/// <c>services.ConfigureMarten</c>, and their queues, policies and schedules to Wolverine through <see cref="Wolverine"/>.
/// In Development the schema is applied when the service starts; elsewhere only <c>db-apply</c> changes it and a node
/// on a database that does not match refuses to start (<see cref="StoreSchema"/>).
/// </summary>
public static class EventStoreFeature
{
    public const string Schema = "agreements";

    public static IHostApplicationBuilder AddEventStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        var databases = builder.AddDatabases();
        builder.Services.CritterStackDefaults(defaults => defaults.Production.ResourceAutoCreate = AutoCreate.None);
        var marten = builder.Services.AddMarten(options =>
            {
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.UseIdentityMapForAggregates = true;
                options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();
                options.DatabaseSchemaName = Schema;
                options.Advanced.MultiHostSettings.ReadSessionPreference = databases.ReadSessionPreference;
            })
            .UseNpgsqlDataSource(Databases.StoreKey)
            .UseLightweightSessions()
            .IntegrateWithWolverine(integration =>
            {
                integration.UseWolverineManagedEventSubscriptionDistribution = true;
                builder.Properties[typeof(MartenIntegration)] = integration;
            });
        if (StoreSchema.AppliedAtStart(builder.Environment))
        {
            marten.ApplyAllDatabaseChangesOnStartup();
        }
        else
        {
            builder.Services.AddStoreSchemaCheck();
        }

        builder.UseWolverine(options =>
        {
            options.CodeGeneration.TypeLoadMode = GeneratedCode.Mode;
            options.EnableRelayOfUserName = true;
            options.Policies.AutoApplyTransactions();
            options.Policies.UseDurableLocalQueues();
            builder.Properties[typeof(WolverineOptions)] = options;
        });
        return builder;
    }

    /// <summary>
    /// Wolverine's options while the host is being built, for the features registered after the event store. Changed
    /// here, they are changed as in <c>UseWolverine</c>'s own configuration, which some parts need (a recurring schedule
    /// registers services; Wolverine refuses that from an extension applied later, such as <c>ConfigureWolverine</c>'s).
    /// </summary>
    public static WolverineOptions Wolverine(this IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(WolverineOptions), out var options) && options is WolverineOptions wolverine
            ? wolverine
            : throw new InvalidOperationException($"Register the event store ({nameof(AddEventStore)}) before the features that configure Wolverine.");

    /// <summary>Wolverine's integration with the event store, e.g. to forward committed events to their handlers.</summary>
    public static MartenIntegration WolverineIntegration(this IHostApplicationBuilder builder) =>
        builder.Properties.TryGetValue(typeof(MartenIntegration), out var integration) && integration is MartenIntegration marten
            ? marten
            : throw new InvalidOperationException($"Register the event store ({nameof(AddEventStore)}) before the features that configure its integration with Wolverine.");
}
