using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Agreements.Expiring;
using JasperFx.Events;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace EventSourcedAgreements.Deadlines;

/// <summary>
/// An agreement's MOA reaches its expiry date (<see cref="ExpiresOn"/>, from 00:00 UTC that day): it then records
/// <see cref="AgreementExpired"/> by the same rule as <c>POST /api/agreements/{id}/expire</c>. Durable (Wolverine's
/// scheduled messages, stored in PostgreSQL, run on whichever node holds the durability agent); its stored name is kept
/// from where it was first defined.
/// </summary>
[MessageIdentity("EventSourcedAgreements.Agreements.Expiring.ExpiryDue")]
public sealed record ExpiryDue(Guid AgreementId, DateOnly ExpiresOn) : IDeadline
{
    public DateOnly DueOn => ExpiresOn;

    public bool StillDue(Agreement agreement) => agreement.IsInForce && agreement.ExpiresOn == ExpiresOn;

    public Decision Decide(Agreement agreement, DateOnly today, DeadlineSettings settings) =>
        RecordExpiryEndpoint.Decide(new RecordExpiry(null), agreement, today);
}

/// <summary>
/// Schedules the expiry and its reminders when an event sets or moves the date (forwarded by Wolverine once the command
/// has committed, with <c>Deadlines:Enabled</c>).
/// </summary>
public static class ExpiryDateHandler
{
    public static OutgoingMessages Handle(IEvent<AgreementSigned> e, TimeProvider clock, DeadlineSettings settings) => Schedule(e.StreamId, e.Data.ExpiresOn, clock, settings);

    public static OutgoingMessages Handle(IEvent<AgreementRenewed> e, TimeProvider clock, DeadlineSettings settings) => Schedule(e.StreamId, e.Data.ExpiresOn, clock, settings);

    public static OutgoingMessages Handle(IEvent<AgreementAmended> e, TimeProvider clock, DeadlineSettings settings) => Schedule(e.StreamId, e.Data.ExpiresOn, clock, settings);

    public static OutgoingMessages Handle(IEvent<ExpiryCorrected> e, TimeProvider clock, DeadlineSettings settings) => Schedule(e.StreamId, e.Data.To, clock, settings);

    /// <summary>The expiry at the start of its date, and a reminder per window at the start of its first day (each at once when that day has come).</summary>
    public static OutgoingMessages Schedule(Guid agreementId, DateOnly? expiresOn, TimeProvider clock, DeadlineSettings settings)
    {
        var messages = new OutgoingMessages();
        if (expiresOn is { } expiry)
        {
            messages.Add(Deadline.Schedule(new ExpiryDue(agreementId, expiry), clock));
            messages.AddRange(settings.ReminderWindows.Select(window => Deadline.Schedule(new ReminderDue(agreementId, expiry, window), clock)));
        }

        return messages;
    }
}

public static class ExpiryDueHandler
{
    public static (Events, OutgoingMessages) Handle(ExpiryDue due, [WriteAggregate] Agreement agreement, IDocumentSession session, TimeProvider clock, DeadlineSettings settings) =>
        Deadline.Run(due, agreement, session, clock, settings);
}
