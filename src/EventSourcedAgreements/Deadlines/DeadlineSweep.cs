using System.Globalization;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers;
using EventSourcedAgreements.Officers.Refreshing;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace EventSourcedAgreements.Deadlines;

/// <summary>Look for the deadlines that no scheduled message covers (its stored name kept from where it was first defined).</summary>
[MessageIdentity("EventSourcedAgreements.Agreements.Expiring.SweepDeadlines")]
public sealed record SweepDeadlines;

/// <summary>
/// The safety net under the scheduled deadlines (agreements signed before deadlines existed, a message lost, a service
/// clock moved forward): every <c>Deadlines:SweepEvery</c>, one query on the agreement snapshots finds the agreements
/// in force whose expiry has come or whose reminder window has, one the changes recorded ahead of a date that has come,
/// one on the officer snapshots the authorized officers whose refresher is overdue, and each is sent the message it
/// should have had; the
/// handlers check again, so a deadline both scheduled and swept is recorded once. The sweep is a Wolverine recurring
/// message (<c>opts.Schedules</c>): one agent per cluster keeps its next occurrence scheduled, with an id derived from
/// the schedule's name and the occurrence, so nodes starting, restarting or taking the agent over do not start another
/// chain of sweeps.
/// </summary>
public static class DeadlineSweep
{
    public const string ScheduleName = "deadline-sweep";
    public const string OpenExpiringIndex = "ix_agreement_open_expires_on";

    /// <summary>
    /// The cron expression that fires every <paramref name="every"/> from midnight UTC: whole seconds that divide a
    /// minute, minutes that divide an hour, hours that divide a day, or a day.
    /// </summary>
    public static string CronFor(TimeSpan every) => Cron(every) ?? throw new InvalidOperationException(StepRefusal(every));

    /// <summary>Why <paramref name="every"/> cannot be the sweep's step, or null when it can.</summary>
    public static string? StepRefusal(TimeSpan every) =>
        Cron(every) is null
            ? $"{DeadlineSettings.SweepEverySetting}: {every} does not divide a day evenly; use whole seconds that divide a minute, minutes that divide an hour, hours that divide a day, or 1.00:00:00."
            : null;

    /// <summary>
    /// Registers the sweep, except while <c>codegen</c> builds the host: Wolverine then runs no agents and refuses a
    /// host with schedules. The sweep's handler is generated without Wolverine's de-duplication of occurrences, which it
    /// does not need: a sweep run twice sends messages whose handlers check before they append.
    /// </summary>
    public static void ScheduleSweep(this WolverineOptions options, DeadlineSettings settings)
    {
        if (!JasperFx.CodeGeneration.DynamicCodeBuilder.WithinCodegenCommand)
        {
            options.Schedules.ScheduleRecurring(ScheduleName, CronFor(settings.SweepEvery), _ => new SweepDeadlines());
        }
    }

    /// <summary>The agreements in force whose expiry is at most <paramref name="until"/>: one query on the partial index of open agreements' expiry dates.</summary>
    public static IQueryable<Agreement> InForceExpiringBy(this IQuerySession session, DateOnly until)
    {
        DateOnly? last = until;
        return session.Query<Agreement>().Where(a => Agreement.InForceStatuses.Contains(a.Status) && a.ExpiresOn <= last);
    }

    /// <summary>What is due on <paramref name="today"/> for each agreement found: its expiry, or the reminder of the window it has entered.</summary>
    public static IEnumerable<object> Due(IEnumerable<Agreement> agreements, IReadOnlyList<int> windows, DateOnly today)
    {
        foreach (var agreement in agreements)
        {
            if (agreement.ExpiresOn is not { } expiry)
            {
                continue;
            }

            if (expiry <= today)
            {
                yield return new ExpiryDue(agreement.Id, expiry);
            }
            else if (ExpiryReminder.DueWindow(agreement, windows, today) is { } window)
            {
                yield return new ReminderDue(agreement.Id, expiry, window);
            }
        }
    }

    private static string? Cron(TimeSpan every) => every switch
    {
        { Ticks: var ticks } when ticks % TimeSpan.TicksPerSecond != 0 => null,
        { TotalSeconds: var s } when s is >= 1 and < 60 && 60 % s == 0 => $"*/{s.ToString(CultureInfo.InvariantCulture)} * * * * *",
        { TotalMinutes: var m } when m is >= 1 and < 60 && m % 1 == 0 && 60 % m == 0 => $"0 */{m.ToString(CultureInfo.InvariantCulture)} * * * *",
        { TotalHours: var h } when h is >= 1 and < 24 && h % 1 == 0 && 24 % h == 0 => $"0 0 */{h.ToString(CultureInfo.InvariantCulture)} * * *",
        { TotalDays: 1 } => "0 0 0 * * *",
        _ => null,
    };
}

public static partial class SweepDeadlinesHandler
{
    public static async Task<OutgoingMessages> Handle(SweepDeadlines sweep, IQuerySession session, TimeProvider clock, DeadlineSettings settings, OfficerSettings officers, ILogger<SweepDeadlines> logger, CancellationToken cancellationToken)
    {
        var messages = new OutgoingMessages();
        if (!settings.Enabled)
        {
            return messages;
        }

        var today = Today.From(clock);
        var found = await session.InForceExpiringBy(today.AddDays(settings.ReminderWindows.Max())).ToListAsync(cancellationToken);
        messages.AddRange(DeadlineSweep.Due(found, settings.ReminderWindows, today));
        messages.AddRange(await ScheduledChanges.DueAsync(session, today, cancellationToken));
        messages.AddRange(await RefresherSweep.DueAsync(session, today, officers, cancellationToken));
        if (messages.Count > 0)
        {
            Swept(logger, today, messages.Count);
        }

        return messages;
    }

    [LoggerMessage(LogLevel.Information, "Deadline sweep on {Today}: {Count} expiries, reminders, scheduled changes or overdue refreshers due, sent again")]
    private static partial void Swept(ILogger logger, DateOnly today, int count);
}
