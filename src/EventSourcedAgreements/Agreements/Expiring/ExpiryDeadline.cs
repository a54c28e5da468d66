using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;
using Wolverine;

namespace EventSourcedAgreements.Agreements.Expiring;

/// <summary>An agreement's MOA reaches its expiry date (<see cref="ExpiresOn"/>, from 00:00 UTC that day).</summary>
public sealed record ExpiryDue(Guid AgreementId, DateOnly ExpiresOn);

/// <summary>
/// Expiry on its own (<c>Deadlines:Enabled</c>, on by default): when a command sets or moves an agreement's expiry
/// date, a durable scheduled message (Wolverine's, stored in PostgreSQL, so it survives restarts and runs on whichever
/// node holds the durability agent) is due at the start of that date; it then records <see cref="AgreementExpired"/>
/// by the same rule as <c>POST /api/agreements/{id}/expire</c>. A message for a date that was moved since, or for an
/// agreement that ended otherwise, finds nothing to do: nothing is cancelled, every message checks. Wolverine runs
/// scheduled messages on the machine's clock; the date is translated through the service's <see cref="TimeProvider"/>,
/// so a clock moved in a test moves the deadline, and a message that arrives early by the service's clock waits again.
/// </summary>
public static class ExpiryDeadline
{
    public const string EnabledSetting = "Deadlines:Enabled";
    public const string Source = "deadline";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue(EnabledSetting, defaultValue: true);

    /// <summary>The machine's instant at which <paramref name="day"/> begins by the service's clock.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeProvider clock) =>
        DateTimeOffset.UtcNow + (Knowledge.StartOf(day) - clock.GetUtcNow());

    public static DeliveryMessage<ExpiryDue>? ScheduleFor(Guid agreementId, DateOnly? expiresOn, TimeProvider clock) =>
        expiresOn is { } day ? new ExpiryDue(agreementId, day).ScheduledAt(StartOf(day, clock)) : null;

    /// <summary>Whether the agreement still expires on that date and has not ended otherwise.</summary>
    public static bool StillDue(ExpiryDue due, Agreement? agreement) =>
        agreement is { Status: AgreementStatus.Active or AgreementStatus.Suspended } && agreement.ExpiresOn == due.ExpiresOn;
}

/// <summary>
/// Schedules the expiry and its reminders when an event sets or moves the date (forwarded by Wolverine once the command
/// has committed).
/// </summary>
public static class ExpiryDateHandler
{
    public static OutgoingMessages Handle(IEvent<AgreementSigned> e, TimeProvider clock, DeadlineSettings settings) => Schedule(e.StreamId, e.Data.ExpiresOn, clock, settings);

    public static OutgoingMessages Handle(IEvent<AgreementRenewed> e, TimeProvider clock, DeadlineSettings settings) => Schedule(e.StreamId, e.Data.ExpiresOn, clock, settings);

    public static OutgoingMessages Handle(IEvent<AgreementAmended> e, TimeProvider clock, DeadlineSettings settings) => Schedule(e.StreamId, e.Data.ExpiresOn, clock, settings);

    public static OutgoingMessages Handle(IEvent<ExpiryCorrected> e, TimeProvider clock, DeadlineSettings settings) => Schedule(e.StreamId, e.Data.To, clock, settings);

    private static OutgoingMessages Schedule(Guid agreementId, DateOnly? expiresOn, TimeProvider clock, DeadlineSettings settings)
    {
        var messages = new OutgoingMessages();
        if (ExpiryDeadline.ScheduleFor(agreementId, expiresOn, clock) is { } expiry)
        {
            messages.Add(expiry);
        }

        messages.AddRange(ExpiryReminder.ScheduleFor(agreementId, expiresOn, settings.ReminderWindows, clock));
        return messages;
    }
}

/// <summary>Records the expiry when its date has come by the service's clock, or waits again when it has not.</summary>
public static class ExpiryDueHandler
{
    public static async Task<DeliveryMessage<ExpiryDue>?> Handle(ExpiryDue due, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<Agreement>(due.AgreementId, cancellationToken);
        if (!ExpiryDeadline.StillDue(due, stream.Aggregate))
        {
            return null;
        }

        var today = Today.From(clock);
        if (due.ExpiresOn > today)
        {
            return ExpiryDeadline.ScheduleFor(due.AgreementId, due.ExpiresOn, clock);
        }

        var decision = RecordExpiryEndpoint.Decide(new RecordExpiry(null), stream.Aggregate!, today);
        if (decision.IsAccepted)
        {
            Knowledge.RecordAs(session, clock.GetUtcNow(), ExpiryDeadline.Source);
            session.LastModifiedBy = ExpiryDeadline.Source;
            stream.AppendMany(decision.Events);
        }

        return null;
    }
}
