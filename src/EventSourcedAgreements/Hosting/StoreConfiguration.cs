using EventSourcedAgreements.Agencies.Directory;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Publications;
using EventSourcedAgreements.Webhooks;
using JasperFx.OpenTelemetry;
using Marten;
using Weasel.Core;

namespace EventSourcedAgreements.Hosting;

/// <summary>How the service's event store is laid out: one place for the service and for tools that open the same store.</summary>
public static class StoreConfiguration
{
    public const string Schema = "agreements";

    public static StoreOptions ConfigureAgreementsStore(this StoreOptions options)
    {
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.UseIdentityMapForAggregates = true;
        options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
        options.OpenTelemetry.TrackEventCounters();
        options.DatabaseSchemaName = Schema;
        options.AddAgreements();
        options.AddParticipation();
        options.AddPublications();
        options.AddAgencyDirectory();
        options.AddWebhooks();
        return options;
    }
}
