using EventSourcedAgreements.Agreements;
using JasperFx.Events;

namespace EventSourcedAgreements.Webhooks;

/// <summary>
/// Where and what to deliver: an endpoint registered by an agency (for its own agreements) or the program office (for
/// one agency's, or for all when <see cref="AgencyId"/> is null). It receives the events recorded after it was created
/// (<see cref="AfterSequence"/>) whose type it names. The secret signs the deliveries and is never shown again.
/// </summary>
public sealed record WebhookSubscription(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    string? AgencyId,
    string Secret,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long AfterSequence,
    DateTimeOffset? DeletedAt = null)
{
    public bool Wants(IEvent @event, string agencyId) =>
        DeletedAt is null
        && @event.Sequence > AfterSequence
        && (AgencyId is null || string.Equals(AgencyId, agencyId, StringComparison.Ordinal))
        && (Events.Contains(WebhookKinds.Every) || Events.Contains(@event.EventType.Name));
}

/// <summary>
/// The event types a subscription may name: an agreement's events, by the names its lifecycle and history show, and
/// the events of the officers under its agreements (delivered as ids and counts, never names).
/// </summary>
public static class WebhookKinds
{
    public const string Every = "*";

    /// <summary>Every agreement and officer event: a subscription names any of them by type name.</summary>
    public static readonly IReadOnlyList<Type> Types = [.. AgreementEvents.Types, .. Officers.OfficerEvents.Types];

    public static readonly IReadOnlySet<string> All = Types.Select(type => type.Name).ToHashSet(StringComparer.Ordinal);
}

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Retrying,
    DeadLettered,
    Cancelled,
}

/// <summary>One try to deliver: when, how the receiver answered (or what went wrong before it could), and how long it took.</summary>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Error, double DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}

/// <summary>One event on its way to one subscription, with every attempt made so far.</summary>
public sealed record WebhookDelivery(
    string Id,
    Guid SubscriptionId,
    Guid EventId,
    long Sequence,
    Guid AgreementId,
    string EventType,
    DeliveryStatus Status,
    DateTimeOffset QueuedAt,
    IReadOnlyList<DeliveryAttempt> Attempts)
{
    /// <summary>The officer whose event this is (its stream); absent for an agreement's event.</summary>
    public Guid? OfficerId { get; init; }

    public static string IdFor(Guid subscriptionId, Guid eventId) => $"{subscriptionId:N}.{eventId:N}";

    /// <summary>One event for one subscription: of <paramref name="agreementId"/>'s stream, or of an officer's under it (<paramref name="officerId"/>).</summary>
    public static WebhookDelivery For(WebhookSubscription subscription, IEvent @event, Guid agreementId, Guid? officerId, DateTimeOffset now) => new(
        IdFor(subscription.Id, @event.Id),
        subscription.Id,
        @event.Id,
        @event.Sequence,
        agreementId,
        @event.EventType.Name,
        DeliveryStatus.Pending,
        now,
        [])
    {
        OfficerId = officerId,
    };

    /// <summary>Nothing more to send: delivered, or its subscription deleted. A dead-lettered delivery is tried again when an operator replays its message.</summary>
    public bool Finished => Status is DeliveryStatus.Delivered or DeliveryStatus.Cancelled;

    /// <summary>The delivery after <paramref name="attempt"/>; <paramref name="last"/> when no retry follows a failure.</summary>
    public WebhookDelivery After(DeliveryAttempt attempt, bool last) => this with
    {
        Attempts = [.. Attempts, attempt],
        Status = attempt.Succeeded ? DeliveryStatus.Delivered : last ? DeliveryStatus.DeadLettered : DeliveryStatus.Retrying,
    };
}
