using EventSourcedAgreements.Agreements;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace EventSourcedAgreements.Officers.FollowingTheAgreement;

/// <summary>
/// Sees every event that puts an agreement in or out of force — from commands, imports and deadlines alike — as a
/// Marten event subscription (in order, on one node at a time), and sends a <see cref="FollowAgreement"/> for each
/// agreement that has officers holding authority. The messages and the subscription's progress are written in one
/// transaction (Wolverine's outbox): no change is missed, and none is lost after it was queued.
/// </summary>
public sealed class AgreementChanges : BatchSubscription
{
    public const string Name = "OfficersFollowAgreements";

    public static readonly Type[] Types =
    [
        typeof(AgreementSuspended), typeof(AgreementReinstated), typeof(AgreementTerminated), typeof(ScheduledChangeTookEffect),
        typeof(AgreementExpired), typeof(AgreementDelisted),
    ];

    public AgreementChanges()
        : base(Name)
    {
        foreach (var type in Types)
        {
            IncludeType(type);
        }
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken cancellationToken)
    {
        var agreements = page.Events.Select(e => e.StreamId).Distinct().ToArray();
        if (agreements.Length == 0)
        {
            return;
        }

        var followed = await operations.Query<Officer>()
            .Where(o => o.AgreementId.IsOneOf(agreements) && o.Status.IsOneOf(Officer.AuthorityStatuses))
            .Select(o => o.AgreementId)
            .ToListAsync(cancellationToken);
        foreach (var agreement in followed.Distinct())
        {
            await bus.PublishAsync(new FollowAgreement(agreement));
        }
    }
}
