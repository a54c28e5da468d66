using EventSourcedAgreements.Agreements;
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
    private static readonly DateOnly ExpiresOn = new(2025, 6, 30);

    [Fact]
    public async Task when_the_expiry_date_comes_on_the_service_clock_the_agreement_expires_by_itself()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(BeforeMidnight));
        var id = await deadlines.SignedAsync(ExpiresOn);
        (await deadlines.DetailsAsync(id)).Status.ShouldBe(AgreementStatus.Active);

        await deadlines.AdvanceUntilHandledAsync<ExpiryDue>(ExpiryDay);

        var details = await deadlines.DetailsAsync(id);
        details.Status.ShouldBe(AgreementStatus.Expired);
        details.EndedOn.ShouldBe(ExpiresOn);
        var expired = (await deadlines.LifecycleAsync(id))[^1];
        expired.Type.ShouldBe(nameof(AgreementExpired));
        expired.KnownAt.ShouldBe(ExpiryDay);
        expired.Source.ShouldBe(Deadline.Source);
    }

    [Fact]
    public async Task a_renewal_that_moves_the_date_leaves_the_first_deadline_with_nothing_to_do()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(BeforeMidnight));
        // Signed a day before its expiry, the agreement is reminded at once, before the signing's tracked work ends.
        var id = await deadlines.SignedAsync(ExpiresOn);
        (await deadlines.RemindersAsync(id)).Count.ShouldBe(1);
        await deadlines.SendAsync(id, new RenewAgreement(new DateOnly(2025, 6, 20), null, new DateOnly(2028, 6, 30), null));
        var version = (await deadlines.DetailsAsync(id)).Version;

        await deadlines.AdvanceUntilHandledAsync<ExpiryDue>(ExpiryDay);

        // The first deadline has run, found nothing to do, and only the renewal's, three years ahead, is still scheduled.
        (await deadlines.ScheduledAsync(nameof(ExpiryDue), within: TimeSpan.FromDays(365))).ShouldBe(0);
        (await deadlines.ScheduledAsync(nameof(ExpiryDue))).ShouldBe(1);
        var details = await deadlines.DetailsAsync(id);
        details.Status.ShouldBe(AgreementStatus.Active);
        details.Version.ShouldBe(version);
    }

    [Fact]
    public async Task a_deadline_stored_before_a_restart_fires_after_it()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        Guid id;
        await using (var stopped = await StartAsync(database, new FakeTimeProvider(BeforeMidnight)))
        {
            id = await stopped.SignedAsync(ExpiresOn);
        }

        await using var restarted = await StartAsync(database, new FakeTimeProvider(ExpiryDay));
        await EventuallyAsync(() => restarted.DetailsAsync(id), a => a.Status == AgreementStatus.Expired);
    }
}
