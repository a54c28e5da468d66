using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using Marten;
using Wolverine;

namespace EventSourcedAgreements.Deadlines;

/// <summary>
/// A message due on a day for one agreement: an expiry, a reminder, a suspension or termination recorded ahead of its
/// date. Each says when it is due, whether the agreement still waits for it, and what it records then (a pure
/// decision, as the endpoints' are).
/// </summary>
public interface IDeadline
{
    Guid AgreementId { get; }

    /// <summary>The day from whose start (00:00 UTC, by the service's clock) the deadline is due.</summary>
    DateOnly DueOn { get; }

    /// <summary>Whether the agreement still waits for this deadline; a message about a date moved since, or an agreement ended otherwise, finds nothing to do.</summary>
    bool StillDue(Agreement agreement);

    Decision Decide(Agreement agreement, DateOnly today, DeadlineSettings settings);
}

/// <summary>
/// How every deadline message runs: nothing is cancelled, every message checks. Its handler loads the agreement for
/// writing as the endpoints do (<c>[WriteAggregate]</c>, by the message's <c>AgreementId</c>); a deadline the agreement
/// no longer waits for does nothing; one that arrives early by the service's clock is scheduled again for the start of
/// its day; one that is due records what its decision says, as the source <c>deadline</c>, known now.
/// </summary>
public static class Deadline
{
    public const string Source = "deadline";

    /// <summary>The machine's instant at which <paramref name="day"/> begins by the service's clock (Wolverine schedules on the machine's).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeProvider clock) =>
        DateTimeOffset.UtcNow + (Knowledge.StartOf(day) - clock.GetUtcNow());

    /// <summary>The message, at the start of its day, or to run now when that day has come.</summary>
    public static object Schedule<T>(T due, TimeProvider clock)
        where T : IDeadline =>
        Schedule(due, due.DueOn, clock);

    /// <summary>A message due on <paramref name="dueOn"/>, at the start of that day, or to run now when it has come.</summary>
    public static object Schedule<T>(T message, DateOnly dueOn, TimeProvider clock)
        where T : notnull =>
        dueOn > Today.From(clock) ? message.ScheduledAt(StartOf(dueOn, clock)) : message;

    /// <summary>
    /// What a deadline message does with its agreement (loaded for writing by the handler's <c>[WriteAggregate]</c>): the
    /// events its decision records, or the message again at the start of its day when it came early; nothing when the
    /// agreement no longer waits for it. What it records is known now, from the source <c>deadline</c>.
    /// </summary>
    public static (Events Events, OutgoingMessages Later) Run<T>(T due, Agreement agreement, IDocumentSession session, TimeProvider clock, DeadlineSettings settings)
        where T : IDeadline =>
        Run(due, due.DueOn, due.StillDue(agreement), today => due.Decide(agreement, today, settings), session, clock);

    /// <summary>
    /// What any deadline message does with the stream it concerns (an agreement, an officer): nothing when the stream no
    /// longer waits for it (<paramref name="stillDue"/>); the message again at the start of its day when it came early;
    /// else the events <paramref name="decide"/> accepts on the service's today, known now, from the source <c>deadline</c>.
    /// </summary>
    public static (Events Events, OutgoingMessages Later) Run<T>(T due, DateOnly dueOn, bool stillDue, Func<DateOnly, Decision> decide, IDocumentSession session, TimeProvider clock)
        where T : notnull
    {
        var today = Today.From(clock);
        if (!stillDue)
        {
            return ([], []);
        }

        if (dueOn > today)
        {
            return ([], [Schedule(due, dueOn, clock)]);
        }

        var decision = decide(today);
        if (!decision.IsAccepted)
        {
            return ([], []);
        }

        Knowledge.RecordAs(session, clock.GetUtcNow(), Source);
        session.LastModifiedBy = Source;
        return ([.. decision.Events], []);
    }
}
