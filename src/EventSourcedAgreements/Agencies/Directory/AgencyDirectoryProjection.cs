using EventSourcedAgreements.Agreements;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace EventSourcedAgreements.Agencies.Directory;

/// <summary>
/// The agency directory: one <see cref="AgencyDetails"/> document per agency, folded from its agreements' events with
/// <see cref="Agreement.Next(Agreement, IEvent)"/>, so it holds what the agreement snapshots hold.
/// Asynchronous: Marten's daemon applies it after the commands are acknowledged, on one node of the cluster (Wolverine
/// chooses which, and moves it when that node leaves), so the directory can be a few seconds behind the record;
/// <c>projection-status</c> and the <c>agreements.projection.lag</c> metric show by how much.
/// </summary>
public sealed partial class AgencyDirectoryProjection : MultiStreamProjection<AgencyDetails, string>
{
    public const string ProjectionName = "AgencyDirectory";

    public AgencyDirectoryProjection()
    {
        Name = ProjectionName;
        CustomGrouping(GroupByAgencyAsync);

        // The daemon reads the agreement events only (a filter in its SQL), not the streams of other kinds.
        foreach (var type in AgreementEvents.Types)
        {
            IncludeType(type);
        }
    }

    /// <summary>
    /// An agreement's request names its agency; its later events do not, and the agency of their agreement is read from
    /// the agreement's snapshot (written inline with the events, so it is there before this projection sees them; an
    /// agreement never changes agency).
    /// </summary>
    private static async Task GroupByAgencyAsync(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var agreementEvents = events.Where(IsAgreementEvent).ToList();
        // A stream may hold two requests (a list's, and the office's recorded before the list was imported): one agency.
        var agencies = agreementEvents
            .Where(e => e.Data is AgreementRequested)
            .GroupBy(e => e.StreamId)
            .ToDictionary(g => g.Key, g => ((AgreementRequested)g.First().Data).AgencyId);
        var unknown = agreementEvents.Select(e => e.StreamId).Where(id => !agencies.ContainsKey(id)).Distinct().ToArray();
        if (unknown.Length > 0)
        {
            foreach (var agreement in await session.LoadManyAsync<Agreement>(unknown))
            {
                agencies[agreement.Id] = agreement.AgencyId;
            }
        }

        foreach (var e in agreementEvents)
        {
            // Never skipped: the daemon retries a failed page, and the lag shows it meanwhile.
            var agencyId = agencies.GetValueOrDefault(e.StreamId) ?? throw new InvalidOperationException(
                $"Agreement {e.StreamId} has an event (sequence {e.Sequence}) but no snapshot to name its agency; the snapshot is written with the events, so the database read is behind or damaged.");
            grouping.AddEvent(agencyId, e);
        }
    }

    private static bool IsAgreementEvent(IEvent e) => e.Data is IAgreementEvent;

    /// <summary>
    /// An event the record learned before one already folded (a list imported late) cannot be folded onto the copy
    /// kept here: the agreement's snapshot, folded again from its stream when it was written, is taken instead.
    /// </summary>
    public override async ValueTask<AgencyDetails?> EvolveAsync(AgencyDetails? snapshot, string id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        var known = snapshot?.Agreements.FirstOrDefault(a => a.Id == e.StreamId);
        if (known is not null && Participation.Knowledge.KnownAt(e) < known.KnownThrough
            && await session.LoadAsync<Agreement>(e.StreamId, cancellation) is { } current)
        {
            return snapshot!.With(current);
        }

        return Agreement.Next(known, e) is { } next
            ? snapshot is null ? AgencyDetails.From(id, [next]) : snapshot.With(next)
            : snapshot;
    }
}
