using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using JasperFx.Events;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace EventSourcedAgreements.Officers.Refreshing;

/// <summary>
/// An authorized officer trained last (certified, or a refresher) on <paramref name="RefreshedOn"/> has taken no
/// refresher by <paramref name="DueOn"/>, the due date and the grace after it (<see cref="OfficerSettings"/>): the
/// officer's authority is suspended from that day. Durable, as the agreements' deadlines: a Wolverine scheduled message
/// stored in PostgreSQL, checked again when it runs.
/// </summary>
public sealed record RefresherOverdue(Guid OfficerId, DateOnly RefreshedOn, DateOnly DueOn)
{
    /// <summary>The deadline of <paramref name="officer"/>'s next refresher as the settings now say; null while the officer holds no authority to lose.</summary>
    public static RefresherOverdue? For(Officer officer, OfficerSettings settings) =>
        officer is { Status: OfficerStatus.Authorized, RefreshedOn: { } refreshedOn }
            ? new RefresherOverdue(officer.Id, refreshedOn, settings.RefresherOverdueOn(refreshedOn))
            : null;

    /// <summary>Whether <paramref name="officer"/> still waits for this deadline: authorized, with no refresher since, under the same settings.</summary>
    public bool StillDue(Officer officer, OfficerSettings settings) => For(officer, settings) == this;

    /// <summary>
    /// The suspension (a pure decision): from the day the refresher became overdue, or, for an authority given back
    /// after that day (a reinstatement, the agreement's), from that day: a change takes effect on or after the last one.
    /// </summary>
    public Decision Decide(Officer officer, DateOnly today)
    {
        var from = officer.LastChangeOn is { } last && last > DueOn ? last : DueOn;
        return Rules.Decide(
            () => Decision.Accept(new AuthoritySuspendedForRefresher(from, RefreshedOn)),
            OfficerRules.InStatus(officer, "suspend the authority of", OfficerStatus.Authorized),
            Rules.OnOrBeforeToday(from, "effectiveOn", today));
    }
}

/// <summary>The refresher deadline runs as the agreements' do (<see cref="Deadline.Run{T}(T, DateOnly, bool, Func{DateOnly, Decision}, IDocumentSession, TimeProvider)"/>): the officer loaded for writing by its id.</summary>
public static class RefresherOverdueHandler
{
    [RetryNow(typeof(JasperFx.ConcurrencyException), 50, 100, 250, 500)]
    public static (Events, OutgoingMessages) Handle(RefresherOverdue due, [WriteAggregate] Officer officer, IDocumentSession session, TimeProvider clock, OfficerSettings settings) =>
        Deadline.Run(due, due.DueOn, due.StillDue(officer, settings), today => due.Decide(officer, today), session, clock);
}

/// <summary>
/// Schedules the officer's refresher deadline when an event gives or renews authority (a certification, a refresher, a
/// reinstatement, the agreement's) or moves its date (a corrected certification): forwarded by Wolverine once the change has committed, with <c>Deadlines:Enabled</c>;
/// the deadline is read from the officer as the change left it.
/// </summary>
public static class RefresherScheduleHandler
{
    public static Task<OutgoingMessages> Handle(IEvent<OfficerCertified> e, IQuerySession session, TimeProvider clock, OfficerSettings settings, CancellationToken cancellationToken) =>
        ScheduleAsync(e.StreamId, session, clock, settings, cancellationToken);

    public static Task<OutgoingMessages> Handle(IEvent<TrainingCompleted> e, IQuerySession session, TimeProvider clock, OfficerSettings settings, CancellationToken cancellationToken) =>
        ScheduleAsync(e.StreamId, session, clock, settings, cancellationToken);

    public static Task<OutgoingMessages> Handle(IEvent<AuthorityReinstated> e, IQuerySession session, TimeProvider clock, OfficerSettings settings, CancellationToken cancellationToken) =>
        ScheduleAsync(e.StreamId, session, clock, settings, cancellationToken);

    public static Task<OutgoingMessages> Handle(IEvent<AuthorityRestoredWithAgreement> e, IQuerySession session, TimeProvider clock, OfficerSettings settings, CancellationToken cancellationToken) =>
        ScheduleAsync(e.StreamId, session, clock, settings, cancellationToken);

    public static Task<OutgoingMessages> Handle(IEvent<OfficerDateCorrected> e, IQuerySession session, TimeProvider clock, OfficerSettings settings, CancellationToken cancellationToken) =>
        ScheduleAsync(e.StreamId, session, clock, settings, cancellationToken);

    private static async Task<OutgoingMessages> ScheduleAsync(Guid officerId, IQuerySession session, TimeProvider clock, OfficerSettings settings, CancellationToken cancellationToken)
    {
        var messages = new OutgoingMessages();
        if (await session.LoadAsync<Officer>(officerId, cancellationToken) is { } officer && RefresherOverdue.For(officer, settings) is { } due)
        {
            messages.Add(Deadline.Schedule(due, due.DueOn, clock));
        }

        return messages;
    }
}

/// <summary>The sweep's part: the authorized officers whose refresher is overdue by today, each sent its deadline again (one query on the snapshots' index of the last training day).</summary>
public static class RefresherSweep
{
    public static async Task<IEnumerable<RefresherOverdue>> DueAsync(IQuerySession session, DateOnly today, OfficerSettings settings, CancellationToken cancellationToken)
    {
        DateOnly? trainedBy = today.AddDays(-(settings.RefresherEveryDays + settings.RefresherGraceDays));
        var officers = await session.Query<Officer>()
            .Where(o => o.Status == OfficerStatus.Authorized && o.RefreshedOn <= trainedBy)
            .ToListAsync(cancellationToken);
        return officers.Select(officer => RefresherOverdue.For(officer, settings)).OfType<RefresherOverdue>();
    }
}
