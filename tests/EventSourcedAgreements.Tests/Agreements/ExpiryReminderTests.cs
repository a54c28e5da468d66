using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;
using static EventSourcedAgreements.Tests.Fixtures.DeadlineHost;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// Expiry reminders on hosts of their own whose clock the test sets: the scheduled reminder itself fires when the window
/// opens by the service's clock, once; a moved date makes another due; an ended agreement gets none.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class ExpiryReminderTests(AppFixture app)
{
    private static readonly DateOnly ExpiresOn = new(2025, 6, 30);

    // 2025-06-30 less 90 days: the window opens on 2025-04-01.
    private static readonly DateTimeOffset BeforeTheWindow = new(2025, 3, 31, 23, 59, 57, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowOpens = new(2025, 4, 1, 0, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task the_reminder_is_issued_when_the_window_opens_on_the_service_clock_and_only_once()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(BeforeTheWindow));
        var id = await deadlines.SignedAsync(ExpiresOn);
        // Scheduled by the forwarded signing for the start of 2025-04-01, seconds ahead by the machine's clock.
        (await deadlines.ScheduledAsync(nameof(ReminderDue), within: TimeSpan.FromMinutes(1))).ShouldBe(1);
        (await deadlines.LifecycleAsync(id)).Length.ShouldBe(2);

        await deadlines.AdvanceUntilHandledAsync<ReminderDue>(WindowOpens);

        var events = await deadlines.LifecycleAsync(id);
        events.Length.ShouldBe(3);
        var reminder = events[^1];
        reminder.Type.ShouldBe(nameof(ExpiryReminderIssued));
        reminder.On.ShouldBe(new DateOnly(2025, 4, 1));
        reminder.KnownAt.ShouldBe(WindowOpens);
        reminder.Source.ShouldBe(Deadline.Source);
        (await deadlines.RemindersAsync(id)).ShouldBe([(ExpiresOn, 90, new DateOnly(2025, 4, 1))]);
        var details = await deadlines.DetailsAsync(id);
        details.Status.ShouldBe(AgreementStatus.Active);
        details.Version.ShouldBe(3);
        details.ExpiryReminders.ShouldBe(new ExpiryReminders(ExpiresOn, [90]));

        // The same message again, and a sweep: nothing more.
        await deadlines.InvokeAsync(new ReminderDue(id, ExpiresOn, 90));
        await deadlines.InvokeAsync(new SweepDeadlines());
        (await deadlines.LifecycleAsync(id)).Length.ShouldBe(3);
        (await deadlines.DetailsAsync(id)).Version.ShouldBe(3);
    }

    [Fact]
    public async Task an_agreement_signed_inside_the_window_is_reminded_at_once_and_a_renewal_that_moves_the_date_reminds_again()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero)));
        var id = await deadlines.SignedAsync(ExpiresOn);
        (await deadlines.RemindersAsync(id)).Count.ShouldBe(1);

        await deadlines.SendAsync(id, new RenewAgreement(new DateOnly(2025, 4, 30), null, new DateOnly(2025, 7, 20), null));

        (await deadlines.RemindersAsync(id)).ShouldBe([(ExpiresOn, 90, new DateOnly(2025, 5, 1)), (new DateOnly(2025, 7, 20), 90, new DateOnly(2025, 5, 1))]);
        await deadlines.InvokeAsync(new SweepDeadlines());
        (await deadlines.RemindersAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_terminated_agreement_is_not_reminded()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(BeforeTheWindow));
        var id = await deadlines.SignedAsync(ExpiresOn);
        await deadlines.SendAsync(id, new TerminateAgreement(new DateOnly(2025, 3, 31), "Agency", "County board vote", null));

        // The reminder scheduled at the signing runs, and finds nothing to do.
        await deadlines.AdvanceUntilHandledAsync<ReminderDue>(WindowOpens);
        (await deadlines.ScheduledAsync(nameof(ReminderDue))).ShouldBe(0);
        await deadlines.InvokeAsync(new SweepDeadlines());
        (await deadlines.RemindersAsync(id)).ShouldBeEmpty();
        (await deadlines.DetailsAsync(id)).Status.ShouldBe(AgreementStatus.Terminated);
    }
}
