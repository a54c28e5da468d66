using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace EventSourcedAgreements.Webhooks.Delivering;

/// <summary>
/// Turns each recorded event into one delivery per subscription that wants it. It runs as a Marten event subscription
/// (in order, on one node at a time, handed over when that node goes), so it sees every event — commands, imports,
/// deadlines — exactly as stored. The deliveries, the messages that carry them out (Wolverine's durable outbox) and the
/// subscription's progress are written in one transaction: an event is fanned out once, and a delivery is never lost
/// after it was queued. A delivery already queued (the subscription replayed) is not queued again.
/// </summary>
public sealed class WebhookFanOut : BatchSubscription
{
    public const string Name = "Webhooks";

    private readonly TimeProvider clock;

    /// <summary>
    /// Only agreements' and officers' events are read: not the tombstones Marten writes after an append that lost a race (their
    /// streams have no snapshot), which would otherwise stop the subscription on the first such page for good.
    /// </summary>
    public WebhookFanOut(TimeProvider clock)
        : base(Name)
    {
        this.clock = clock;
        foreach (var type in WebhookKinds.Types)
        {
            IncludeType(type);
        }
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken cancellationToken)
    {
        var subscriptions = await operations.Query<WebhookSubscription>().Where(s => s.DeletedAt == null).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0 || page.Events.Count == 0)
        {
            return;
        }

        var events = page.Events.Where(e => WebhookKinds.All.Contains(e.EventType.Name)).ToList();
        var agreements = (await operations.LoadManyAsync<Agreement>(cancellationToken, events.Where(e => e.Data is IAgreementEvent).Select(e => e.StreamId).Distinct()))
            .ToDictionary(a => a.Id, a => (a.AgencyId, AgreementId: a.Id, OfficerId: (Guid?)null));
        var officers = (await operations.LoadManyAsync<Officer>(cancellationToken, events.Where(e => e.Data is IOfficerEvent).Select(e => e.StreamId).Distinct()))
            .ToDictionary(o => o.Id, o => (o.AgencyId, o.AgreementId, OfficerId: (Guid?)o.Id));
        var wanted = events
            .Select(e => (Event: e, Of: Of(agreements, officers, e.StreamId)))
            .SelectMany(e => subscriptions
                .Where(s => s.Wants(e.Event, e.Of.AgencyId))
                .Select(s => WebhookDelivery.For(s, e.Event, e.Of.AgreementId, e.Of.OfficerId, clock.GetUtcNow())))
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var queued = (await operations.LoadManyAsync<WebhookDelivery>(cancellationToken, wanted.Select(d => d.Id)))
            .Select(d => d.Id)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var delivery in wanted.Where(d => !queued.Contains(d.Id)))
        {
            operations.Insert(delivery);
            await bus.PublishAsync(new DeliverWebhook(delivery.Id));
        }
    }

    /// <summary>The agency and agreement an event's stream belongs to: an agreement's, or an officer's under an agreement.</summary>
    private static (string AgencyId, Guid AgreementId, Guid? OfficerId) Of(
        Dictionary<Guid, (string AgencyId, Guid AgreementId, Guid? OfficerId)> agreements,
        Dictionary<Guid, (string AgencyId, Guid AgreementId, Guid? OfficerId)> officers,
        Guid streamId) =>
        agreements.TryGetValue(streamId, out var agreement) ? agreement
        : officers.TryGetValue(streamId, out var officer) ? officer
        : throw new InvalidOperationException($"Event of stream {streamId} has no agreement or officer snapshot; the fan-out page is retried rather than skipping it.");
}
