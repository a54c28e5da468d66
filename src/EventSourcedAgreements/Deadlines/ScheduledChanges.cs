using EventSourcedAgreements.Agreements;
using JasperFx.Events;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace EventSourcedAgreements.Deadlines;

/// <summary>
/// A suspension or termination recorded ahead of its date reaches it (<see cref="EffectiveOn"/>, from 00:00 UTC that
/// day); its stored name is kept from where it was first defined.
/// </summary>
[MessageIdentity("EventSourcedAgreements.Agreements.TakingEffect.ScheduledChangeDue")]
public sealed record ScheduledChangeDue(Guid AgreementId, AgreementStatus Change, DateOnly EffectiveOn) : IDeadline
{
    public DateOnly DueOn => EffectiveOn;

    public bool StillDue(Agreement agreement) => ScheduledChanges.StillPending(this, agreement);

    public Decision Decide(Agreement agreement, DateOnly today, DeadlineSettings settings) => ScheduledChanges.Decide(this, agreement, today);
}

/// <summary>
/// Suspensions and terminations recorded ahead of their date take effect on it. The command appends its event at once
/// (the participation answers read its effective date, on both time axes) marked <c>Scheduled</c>, and the agreement
/// holds it as <see cref="Agreement.Pending"/> with its status unchanged. With <c>Deadlines:Enabled</c>, the event,
/// once committed, schedules a durable <see cref="ScheduledChangeDue"/> at the start of its date, translated through
/// the service's clock as every deadline is (<see cref="Deadline"/>); when it runs, it appends
/// <see cref="ScheduledChangeTookEffect"/> (source <c>deadline</c>), which brings the status. Nothing is cancelled: a
/// message whose change no longer waits (the agreement ended first, by an earlier termination, an expiry or a
/// delisting) does nothing, and one that arrives early by the service's clock waits again.
/// </summary>
public static class ScheduledChanges
{
    /// <summary>Whether <paramref name="due"/> is still the change the agreement waits for.</summary>
    public static bool StillPending(ScheduledChangeDue due, Agreement? agreement) =>
        agreement?.Pending is { } pending && pending.Change == due.Change && pending.EffectiveOn == due.EffectiveOn;

    /// <summary>The change takes effect once its date has come by <paramref name="today"/>, if it still waits.</summary>
    public static Decision Decide(ScheduledChangeDue due, Agreement agreement, DateOnly today) =>
        Rules.Decide(
            () => Decision.Accept(new ScheduledChangeTookEffect(due.EffectiveOn, due.Change)),
            StillPending(due, agreement)
                ? null
                : Problems.Conflict("Nothing pending", $"Agreement {agreement.Id} no longer waits for a change to {due.Change} effective {due.EffectiveOn:yyyy-MM-dd}: it is {agreement.Status}."),
            due.EffectiveOn > today
                ? Problems.Conflict("Not yet in effect", $"The change to {due.Change} of agreement {agreement.Id} takes effect on {due.EffectiveOn:yyyy-MM-dd}, after today ({today:yyyy-MM-dd}).")
                : null);

    /// <summary>
    /// The changes whose date has come by <paramref name="today"/> and that still wait, soonest first, as messages to
    /// send (for a sweep: a message lost, or a clock moved). One query on the agreement snapshots, on the index of
    /// <c>Pending.EffectiveOn</c>; the handler checks each again when it runs.
    /// </summary>
    public static async Task<IReadOnlyList<ScheduledChangeDue>> DueAsync(IQuerySession session, DateOnly today, CancellationToken cancellationToken)
    {
        var waiting = await session.Query<Agreement>()
            .Where(a => a.Pending!.EffectiveOn <= today)
            .OrderBy(a => a.Pending!.EffectiveOn)
            .ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        return [.. waiting.Select(a => new ScheduledChangeDue(a.Id, a.Pending!.Change, a.Pending.EffectiveOn))];
    }
}

/// <summary>Schedules the change when a suspension or termination recorded ahead of its date has committed (forwarded by Wolverine).</summary>
public static class ScheduledChangeHandler
{
    public static OutgoingMessages Handle(IEvent<AgreementSuspended> e, TimeProvider clock) =>
        e.Data.Scheduled ? [Deadline.Schedule(new ScheduledChangeDue(e.StreamId, AgreementStatus.Suspended, e.Data.EffectiveOn), clock)] : [];

    public static OutgoingMessages Handle(IEvent<AgreementTerminated> e, TimeProvider clock) =>
        e.Data.Scheduled ? [Deadline.Schedule(new ScheduledChangeDue(e.StreamId, AgreementStatus.Terminated, e.Data.EffectiveOn), clock)] : [];
}

public static class ScheduledChangeDueHandler
{
    public static (Events, OutgoingMessages) Handle(ScheduledChangeDue due, [WriteAggregate] Agreement agreement, IDocumentSession session, TimeProvider clock, DeadlineSettings settings) =>
        Deadline.Run(due, agreement, session, clock, settings);
}
