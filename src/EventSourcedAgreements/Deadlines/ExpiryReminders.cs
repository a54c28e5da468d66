using EventSourcedAgreements.Agreements;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace EventSourcedAgreements.Deadlines;

/// <summary>
/// An agreement's MOA expiring on <see cref="ExpiresOn"/> enters the reminder window of <see cref="WithinDays"/> days
/// (from 00:00 UTC of its first day); its stored name is kept from where it was first defined.
/// </summary>
[MessageIdentity("EventSourcedAgreements.Agreements.Expiring.ReminderDue")]
public sealed record ReminderDue(Guid AgreementId, DateOnly ExpiresOn, int WithinDays) : IDeadline
{
    public DateOnly DueOn => ExpiresOn.AddDays(-WithinDays);

    public bool StillDue(Agreement agreement) => agreement.IsInForce && agreement.ExpiresOn == ExpiresOn;

    public Decision Decide(Agreement agreement, DateOnly today, DeadlineSettings settings) =>
        ExpiryReminder.Decide(this, agreement, settings.ReminderWindows, today);
}

/// <summary>
/// Expiry reminders: an agreement in force whose MOA expires within a reminder window (<c>Reminders:WithinDays</c>) gets
/// one <see cref="ExpiryReminderIssued"/> per window and expiry date, an event in its own stream (so whatever reads the
/// stream, the webhooks included, sees it like any other). When several windows hold on the same day (an agreement
/// signed 20 days before its expiry, windows 90 and 30), only the narrowest is issued: the wider ones are past. A date
/// moved by a renewal, amendment or correction makes the reminders of the new date due.
/// </summary>
public static class ExpiryReminder
{
    /// <summary>The window whose reminder is due today and not yet issued, if any.</summary>
    public static int? DueWindow(Agreement agreement, IReadOnlyList<int> windows, DateOnly today) =>
        agreement is { IsInForce: true, ExpiresOn: { } expiry } && expiry > today
            && Narrowest(windows, expiry.DayNumber - today.DayNumber) is { } window && !agreement.Reminded(window)
            ? window
            : null;

    /// <summary>The narrowest window that holds <paramref name="daysLeft"/>.</summary>
    public static int? Narrowest(IReadOnlyList<int> windows, int daysLeft) =>
        windows.Where(window => window >= daysLeft).Order().Cast<int?>().FirstOrDefault();

    /// <summary>Issues the reminder the message is about when it is the one due today.</summary>
    public static Decision Decide(ReminderDue due, Agreement agreement, IReadOnlyList<int> windows, DateOnly today) =>
        Rules.Decide(
            () => Decision.Accept(new ExpiryReminderIssued(due.ExpiresOn, due.WithinDays, today)),
            Rules.InStatus(agreement, "remind of the expiry of", Agreement.InForceStatuses),
            agreement.ExpiresOn != due.ExpiresOn
                ? Problems.Conflict("Expiry date moved", $"Agreement {agreement.Id} expires on {agreement.ExpiresOn:yyyy-MM-dd}, not {due.ExpiresOn:yyyy-MM-dd}.")
                : null,
            !windows.Contains(due.WithinDays)
                ? Problems.Conflict("Not a reminder window", $"{due.WithinDays} days is not one of the reminder windows ({string.Join(", ", windows)}).")
                : null,
            agreement.Reminded(due.WithinDays)
                ? Problems.Conflict("Already reminded", $"Agreement {agreement.Id} was reminded {due.WithinDays} days ahead of {due.ExpiresOn:yyyy-MM-dd}.")
                : null,
            DueWindow(agreement, windows, today) != due.WithinDays
                ? Problems.Conflict("Not in the window", $"On {today:yyyy-MM-dd} the {due.WithinDays}-day reminder of an expiry on {due.ExpiresOn:yyyy-MM-dd} is not the one due.")
                : null);
}

public static class ReminderDueHandler
{
    public static (Events, OutgoingMessages) Handle(ReminderDue due, [WriteAggregate] Agreement agreement, IDocumentSession session, TimeProvider clock, DeadlineSettings settings) =>
        Deadline.Run(due, agreement, session, clock, settings);
}
