using System.Net;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Officers.GettingHistory;
using EventSourcedAgreements.Officers.Refreshing;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>
/// The refresher deadline, by itself: an authorized officer with no refresher by the due date and the grace after it
/// (here 20 and 4 days) is suspended from that day, by a durable scheduled message, or by the sweep when the message
/// was lost; a refresher moves the deadline, and the authority comes back only once one is recorded.
/// </summary>
public sealed class RefresherDeadlineTests(AppFixture app) : AppTest(app)
{
    private static readonly (string, string)[] ShortPeriods = [(OfficerSettings.RefresherEverySetting, "20"), (OfficerSettings.RefresherGraceSetting, "4")];

    private static async Task<Officer> DetailsOf(Service service, Guid id) => (await service.GetAsync<OfficerDetails>($"/api/officers/{id}", service.Token)).Officer;

    /// <summary>An officer of the host's agreement, certified on 2025-06-06: overdue from 2025-06-30 without a refresher.</summary>
    private static async Task<Guid> CertifiedAsync(DeadlineHost deadlines, Guid agreement, string name)
    {
        var service = deadlines.Service;
        var officer = await service.NominatedAsync(agreement, new NominateOfficer(name, null, new DateOnly(2025, 6, 3)));
        await service.OfficerAsync(officer, new RecordInvestigation(new DateOnly(2025, 6, 4), "Passed", true, null));
        await service.OfficerAsync(officer, new RecordTraining(new DateOnly(2025, 6, 5), "JEM", "ICE Academy, Charleston, SC", null));
        await service.TrackedAsync(() => service.OfficerAsync(officer, new CertifyOfficer(new DateOnly(2025, 6, 6), null)), DeadlineHost.Patience);
        return officer;
    }

    [Fact]
    public async Task an_officer_with_no_refresher_is_suspended_on_the_day_it_is_overdue_and_one_with_a_refresher_is_not()
    {
        // Wolverine schedules by the machine's clock: half a minute before midnight by the service's, the deadlines of
        // 2025-06-30 are stored for half a minute from now.
        await using var deadlines = await DeadlineHost.StartAsync(await App.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(new DateTimeOffset(2025, 6, 29, 23, 59, 30, TimeSpan.Zero)), ShortPeriods);
        var agreement = await deadlines.SignedAsync(expiresOn: null, signedOn: new DateOnly(2025, 6, 2));
        var overdue = await CertifiedAsync(deadlines, agreement, "Dana Deputy");
        var refreshed = await CertifiedAsync(deadlines, agreement, "Robin Deputy");
        await deadlines.Service.TrackedAsync(() => deadlines.Service.OfficerAsync(refreshed, new RecordTraining(new DateOnly(2025, 6, 20), "Refresher", "Agency training room", null)), DeadlineHost.Patience);
        (await deadlines.ScheduledAsync(nameof(RefresherOverdue))).ShouldBe(3);

        await deadlines.AdvanceUntilHandledAsync<RefresherOverdue>(new DateTimeOffset(2025, 6, 30, 0, 0, 5, TimeSpan.Zero));

        var suspended = await DeadlineHost.EventuallyAsync(() => DetailsOf(deadlines.Service, overdue), o => o.Status == OfficerStatus.Suspended);
        suspended.SuspendedOn.ShouldBe(new DateOnly(2025, 6, 30));
        var last = (await deadlines.Service.GetAsync<OfficerHistoryEntry[]>($"/api/officers/{overdue}/history", deadlines.Service.Token))[^1];
        (last.Type, last.Source, last.Reason).ShouldBe((nameof(AuthoritySuspendedForRefresher), Deadline.Source, "Refresher training overdue: none recorded since 2025-06-06."));
        await deadlines.InvokeAsync(new SweepDeadlines());
        (await DetailsOf(deadlines.Service, refreshed)).Status.ShouldBe(OfficerStatus.Authorized);

        // Not reinstated without a refresher; the refresher, taken before the deadline ran but recorded after, gives the
        // authority back from the day it was suspended.
        var refused = await deadlines.Service.PostAsync($"/api/officers/{overdue}/reinstate", new ReinstateAuthority(new DateOnly(2025, 6, 30), null), HttpStatusCode.Conflict);
        refused.ReadAsJson<ProblemDetails>()!.Title.ShouldBe("Refresher overdue");
        (await deadlines.Service.OfficerAsync(overdue, new RecordTraining(new DateOnly(2025, 6, 29), "Refresher", "Agency training room", null))).Status.ShouldBe(OfficerStatus.Authorized);
        var back = await DetailsOf(deadlines.Service, overdue);
        (back.Status, back.LastChangeOn, back.RefreshedOn).ShouldBe((OfficerStatus.Authorized, (DateOnly?)new DateOnly(2025, 6, 30), (DateOnly?)new DateOnly(2025, 6, 29)));
    }

    [Fact]
    public async Task the_sweep_suspends_from_the_overdue_day_an_officer_whose_deadline_message_was_lost()
    {
        await using var deadlines = await DeadlineHost.StartAsync(await App.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(new DateTimeOffset(2025, 6, 29, 12, 0, 0, TimeSpan.Zero)), ShortPeriods);
        var agreement = await deadlines.SignedAsync(expiresOn: null, signedOn: new DateOnly(2025, 6, 2));
        var officer = await CertifiedAsync(deadlines, agreement, "Dana Deputy");
        (await Sql.ScalarAsync<long>(deadlines.Database, $"with lost as (delete from agreements.wolverine_incoming_envelopes where message_type like '%{nameof(RefresherOverdue)}%' returning 1) select count(*) from lost")).ShouldBe(1);

        deadlines.Clock.SetUtcNow(new DateTimeOffset(2025, 7, 2, 9, 0, 0, TimeSpan.Zero));
        await deadlines.InvokeAsync(new SweepDeadlines());

        var suspended = await DeadlineHost.EventuallyAsync(() => DetailsOf(deadlines.Service, officer), o => o.Status == OfficerStatus.Suspended);
        suspended.SuspendedOn.ShouldBe(new DateOnly(2025, 6, 30));
    }
}
