using EventSourcedAgreements.Participation;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Aggregation;

namespace EventSourcedAgreements.Agreements;

/// <summary>
/// Keeps the agreement snapshot as the fold of its events in the order the record learned them
/// (<see cref="Agreement.Fold"/>): a list imported late appends events known before some already folded, and then the
/// agreement is folded again from its whole stream instead of from the snapshot.
/// </summary>
public sealed class AgreementProjection : SingleStreamProjection<Agreement, Guid>
{
    /// <summary>Reads agreement streams only: the agreement events, by type (<see cref="AgreementEvents"/>).</summary>
    public AgreementProjection()
    {
        foreach (var type in AgreementEvents.Types)
        {
            IncludeType(type);
        }
    }

    public override async ValueTask<(Agreement?, ActionType)> DetermineActionAsync(
        IQuerySession session,
        Agreement? snapshot,
        Guid identity,
        IIdentitySetter<Agreement, Guid> identitySetter,
        IReadOnlyList<IEvent> events,
        CancellationToken cancellation)
    {
        if (snapshot is null || events.All(e => Knowledge.KnownAt(e) >= snapshot.KnownThrough))
        {
            var next = events.InKnowledgeOrder().Aggregate(snapshot, Agreement.Next);
            return (next, next is null ? ActionType.Nothing : ActionType.Store);
        }

        var stored = await session.Events.FetchStreamAsync(identity, token: cancellation);
        var folded = Agreement.Fold(stored.Concat(events).DistinctBy(e => e.Version));
        return (folded, folded is null ? ActionType.Nothing : ActionType.Store);
    }
}
