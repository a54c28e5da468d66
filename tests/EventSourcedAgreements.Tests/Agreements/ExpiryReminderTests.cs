using Alba;
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
    private const string ExpiresOn = "2025-06-30";

    // 2025-06-30 less 90 days: the window opens on 2025-04-01.
    private static readonly DateTimeOffset BeforeTheWindow = new(2025, 3, 31, 23, 59, 57, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowOpens = new(2025, 4, 1, 0, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task the_reminder_is_issued_when_the_window_opens_on_the_service_clock_and_only_once()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeTheWindow);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, ExpiresOn);
        // Scheduled by the forwarded signing, moments after the command answered.
        await EventuallyAsync(() => Sql.CountAsync(database, $"{ScheduledSql}'%ReminderDue%' and execution_time < now() + interval '1 minute'"), count => count == 1);
        (await LifecycleAsync(host, id)).Length.ShouldBe(2);

        clock.SetUtcNow(WindowOpens);

        var events = await EventuallyAsync(() => LifecycleAsync(host, id), e => e.Length == 3);
        var reminder = events[^1];
        reminder.GetProperty("type").GetString().ShouldBe(nameof(ExpiryReminderIssued));
        reminder.GetProperty("on").GetString().ShouldBe("2025-04-01");
        reminder.GetProperty("knownAt").GetDateTimeOffset().ShouldBe(WindowOpens);
        reminder.GetProperty("source").GetString().ShouldBe(Deadline.Source);
        reminder.GetProperty("data").GetProperty("expiresOn").GetString().ShouldBe(ExpiresOn);
        reminder.GetProperty("data").GetProperty("withinDays").GetInt32().ShouldBe(90);
        reminder.GetProperty("data").GetProperty("issuedOn").GetString().ShouldBe("2025-04-01");
        var details = await DetailsAsync(host, id);
        details.GetProperty("status").GetString().ShouldBe("Active");
        details.GetProperty("version").GetInt32().ShouldBe(3);
        details.GetProperty("expiryReminders").GetProperty("withinDays").EnumerateArray().Select(w => w.GetInt32()).ShouldBe([90]);

        // The same message again, and a sweep: nothing more.
        await InvokeAsync(host, new ReminderDue(id, new DateOnly(2025, 6, 30), 90));
        await InvokeAsync(host, new SweepDeadlines());
        (await LifecycleAsync(host, id)).Length.ShouldBe(3);
        (await DetailsAsync(host, id)).GetProperty("version").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task an_agreement_signed_inside_the_window_is_reminded_at_once_and_a_renewal_that_moves_the_date_reminds_again()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, ExpiresOn);
        await EventuallyAsync(() => RemindersAsync(host, id), r => r.Count == 1);

        await PostAsync(host, clock, $"/api/agreements/{id}/renew", new { signedOn = "2025-04-30", expiresOn = "2025-07-20" });

        var reminders = await EventuallyAsync(() => RemindersAsync(host, id), r => r.Count == 2);
        reminders.ShouldBe([("2025-06-30", 90, "2025-05-01"), ("2025-07-20", 90, "2025-05-01")]);
        await InvokeAsync(host, new SweepDeadlines());
        (await RemindersAsync(host, id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_terminated_agreement_is_not_reminded()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeTheWindow);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, ExpiresOn);
        await PostAsync(host, clock, $"/api/agreements/{id}/terminate", new { effectiveOn = "2025-03-31", initiatedBy = "Agency", reason = "County board vote" });

        clock.SetUtcNow(WindowOpens);

        // The reminder scheduled at the signing has run (Wolverine keeps a handled message a while, with another status).
        await EventuallyAsync(() => Sql.CountAsync(database, $"{ScheduledSql}'%ReminderDue%'"), count => count == 0);
        await InvokeAsync(host, new SweepDeadlines());
        (await RemindersAsync(host, id)).ShouldBeEmpty();
        (await DetailsAsync(host, id)).GetProperty("status").GetString().ShouldBe("Terminated");
    }

    private static async Task<List<(string ExpiresOn, int WithinDays, string IssuedOn)>> RemindersAsync(IAlbaHost host, Guid id) =>
        [.. (await LifecycleAsync(host, id))
            .Where(e => e.GetProperty("type").GetString() == nameof(ExpiryReminderIssued))
            .Select(e => e.GetProperty("data"))
            .Select(d => (d.GetProperty("expiresOn").GetString()!, d.GetProperty("withinDays").GetInt32(), d.GetProperty("issuedOn").GetString()!))];
}
