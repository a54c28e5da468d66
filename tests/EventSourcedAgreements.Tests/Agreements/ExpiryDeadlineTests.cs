using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;
using static EventSourcedAgreements.Tests.Fixtures.DeadlineHost;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// Expiry deadlines: Wolverine's durable scheduled messages, on hosts of their own (one database each) whose clock the
/// test sets. A deadline is scheduled a few real seconds ahead (the service's clock is set to just before midnight), so
/// the stored message itself is what fires.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class ExpiryDeadlineTests(AppFixture app)
{
    private static readonly DateTimeOffset BeforeMidnight = new(2025, 6, 29, 23, 59, 57, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiryDay = new(2025, 6, 30, 0, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task when_the_expiry_date_comes_on_the_service_clock_the_agreement_expires_by_itself()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeMidnight);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, expiresOn: "2025-06-30");
        (await DetailsAsync(host, id)).GetProperty("status").GetString().ShouldBe("Active");

        clock.SetUtcNow(ExpiryDay);

        (await EventuallyAsync(() => DetailsAsync(host, id), a => a.GetProperty("status").GetString() == "Expired"))
            .GetProperty("endedOn").GetString().ShouldBe("2025-06-30");
        var expired = (await GetAsync(host, $"/api/agreements/{id}/lifecycle")).EnumerateArray().Last();
        expired.GetProperty("type").GetString().ShouldBe("AgreementExpired");
        expired.GetProperty("knownAt").GetDateTimeOffset().ShouldBe(ExpiryDay);
        expired.GetProperty("source").GetString().ShouldBe(Deadline.Source);
    }

    [Fact]
    public async Task a_renewal_that_moves_the_date_leaves_the_first_deadline_with_nothing_to_do()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeMidnight);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, expiresOn: "2025-06-30");
        // Signed a day before its expiry, the agreement gets its reminder at once: renewing before it lands would race it.
        await EventuallyAsync(() => GetAsync(host, $"/api/agreements/{id}/lifecycle"), entries => entries.EnumerateArray().Any(e => e.GetProperty("type").GetString() == "ExpiryReminderIssued"));
        await PostAsync(host, clock, $"/api/agreements/{id}/renew", new { signedOn = "2025-06-20", expiresOn = "2028-06-30" });
        var version = (await DetailsAsync(host, id)).GetProperty("version").GetInt32();

        clock.SetUtcNow(ExpiryDay);

        // The first deadline has run once only the renewal's, three years ahead, is still scheduled (Wolverine keeps a
        // handled message a while, with another status).
        const string Scheduled = "select count(*) from agreements.wolverine_incoming_envelopes where message_type like '%ExpiryDue%' and status = 'Scheduled'";
        await EventuallyAsync(() => Sql.CountAsync(database, $"{Scheduled} and execution_time < now() + interval '365 days'"), count => count == 0);
        (await Sql.CountAsync(database, Scheduled)).ShouldBe(1);
        var details = await DetailsAsync(host, id);
        details.GetProperty("status").GetString().ShouldBe("Active");
        details.GetProperty("version").GetInt32().ShouldBe(version);
    }

    [Fact]
    public async Task a_deadline_stored_before_a_restart_fires_after_it()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        Guid id;
        var before = new FakeTimeProvider(BeforeMidnight);
        await using (var stopped = await StartAsync(database, before))
        {
            id = await SignedAsync(stopped, before, expiresOn: "2025-06-30");
        }

        var after = new FakeTimeProvider(ExpiryDay);
        await using var host = await StartAsync(database, after);
        await EventuallyAsync(() => DetailsAsync(host, id), a => a.GetProperty("status").GetString() == "Expired");
    }
}
