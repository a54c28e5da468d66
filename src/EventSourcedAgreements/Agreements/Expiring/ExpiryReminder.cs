using EventSourcedAgreements.Participation;
using Marten;
using Wolverine;

namespace EventSourcedAgreements.Agreements.Expiring;

/// <summary>An agreement's MOA expiring on <see cref="ExpiresOn"/> enters the reminder window of <see cref="WithinDays"/> days.</summary>
public sealed record ReminderDue(Guid AgreementId, DateOnly ExpiresOn, int WithinDays);

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
        agreement is { Status: AgreementStatus.Active or AgreementStatus.Suspended, ExpiresOn: { } expiry } && expiry > today
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
            Rules.NotIn(agreement, "remind of the expiry of", AgreementStatus.Active, AgreementStatus.Suspended),
            agreement.ExpiresOn != due.ExpiresOn
                ? Rules.Conflict("Expiry date moved", $"Agreement {agreement.Id} expires on {agreement.ExpiresOn:yyyy-MM-dd}, not {due.ExpiresOn:yyyy-MM-dd}.")
                : null,
            !windows.Contains(due.WithinDays)
                ? Rules.Conflict("Not a reminder window", $"{due.WithinDays} days is not one of the reminder windows ({string.Join(", ", windows)}).")
                : null,
            agreement.Reminded(due.WithinDays)
                ? Rules.Conflict("Already reminded", $"Agreement {agreement.Id} was reminded {due.WithinDays} days ahead of {due.ExpiresOn:yyyy-MM-dd}.")
                : null,
            DueWindow(agreement, windows, today) != due.WithinDays
                ? Rules.Conflict("Not in the window", $"On {today:yyyy-MM-dd} the {due.WithinDays}-day reminder of an expiry on {due.ExpiresOn:yyyy-MM-dd} is not the one due.")
                : null);

    /// <summary>A reminder per window, each at the start of its first day by the service's clock, or now when that day has come.</summary>
    public static IEnumerable<object> ScheduleFor(Guid agreementId, DateOnly? expiresOn, IReadOnlyList<int> windows, TimeProvider clock)
    {
        if (expiresOn is not { } expiry)
        {
            yield break;
        }

        var today = Today.From(clock);
        foreach (var window in windows)
        {
            var first = expiry.AddDays(-window);
            var due = new ReminderDue(agreementId, expiry, window);
            yield return first > today ? due.ScheduledAt(ExpiryDeadline.StartOf(first, clock)) : due;
        }
    }
}

/// <summary>Issues an expiry reminder when its window has come by the service's clock, or waits again when it has not.</summary>
public static class ReminderDueHandler
{
    public static async Task<DeliveryMessage<ReminderDue>?> Handle(ReminderDue due, IDocumentSession session, TimeProvider clock, DeadlineSettings settings, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<Agreement>(due.AgreementId, cancellationToken);
        if (stream.Aggregate is not { } agreement)
        {
            return null;
        }

        var today = Today.From(clock);
        var first = due.ExpiresOn.AddDays(-due.WithinDays);
        if (first > today && agreement is { Status: AgreementStatus.Active or AgreementStatus.Suspended } && agreement.ExpiresOn == due.ExpiresOn)
        {
            return due.ScheduledAt(ExpiryDeadline.StartOf(first, clock));
        }

        var decision = ExpiryReminder.Decide(due, agreement, settings.ReminderWindows, today);
        if (decision.IsAccepted)
        {
            Knowledge.RecordAs(session, clock.GetUtcNow(), ExpiryDeadline.Source);
            session.LastModifiedBy = ExpiryDeadline.Source;
            stream.AppendMany(decision.Events);
        }

        return null;
    }
}
