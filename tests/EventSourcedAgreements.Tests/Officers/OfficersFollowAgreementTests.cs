using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Officers.FollowingTheAgreement;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>
/// Authority exists only while the agreement is in force, by itself: the agreement's events reach the officers through a
/// Marten subscription and a durable message (in the background: the tests wait for the officer's record to change).
/// </summary>
public sealed class OfficersFollowAgreementTests(AppFixture app) : AppTest(app)
{
    private Task<Officer> OfficerAsync(Guid id) => DetailsOf(Service, id);

    private static async Task<Officer> DetailsOf(Service service, Guid id) => (await service.GetAsync<OfficerDetails>($"/api/officers/{id}", service.Token)).Officer;

    private Task<Officer> Eventually(Service service, Guid id, Func<Officer, bool> done) =>
        DeadlineHost.EventuallyAsync(() => DetailsOf(service, id), done, ReferenceEquals(service.Host, App.Host) ? App.ProjectionsAsync : null);

    [Fact]
    public async Task an_agreements_suspension_suspends_its_authorized_officers_and_its_reinstatement_restores_only_those()
    {
        var agreement = await SignedAgreement();
        var withAgreement = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Avery Able");
        var byOffice = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Blair Baker");
        await Service.OfficerAsync(byOffice, new SuspendAuthority(new DateOnly(2019, 5, 1), "Use-of-force review", null));
        var nominee = await Service.NominatedAsync(agreement, new NominateOfficer("Casey Cole", null, new DateOnly(2019, 2, 1)));

        await Send(agreement, new SuspendAgreement(new DateOnly(2019, 6, 1), "Program review", null));

        var suspended = await Eventually(Service, withAgreement, o => o.Status == OfficerStatus.Suspended);
        (suspended.SuspendedOn, suspended.SuspendedWithAgreement).ShouldBe(((DateOnly?)new DateOnly(2019, 6, 1), true));
        var lapse = (await Events(withAgreement))[^1];
        lapse.Data.ShouldBe(new AuthorityLapsedWithAgreement(new DateOnly(2019, 6, 1), AgreementStatus.Suspended));
        Knowledge.Source(lapse).ShouldBe(FollowAgreementHandler.Source);

        await Send(agreement, new ReinstateAgreement(new DateOnly(2019, 7, 1), null));

        var restored = await Eventually(Service, withAgreement, o => o.Status == OfficerStatus.Authorized);
        restored.LastChangeOn.ShouldBe(new DateOnly(2019, 7, 1));
        var stillSuspended = await OfficerAsync(byOffice);
        (stillSuspended.Status, stillSuspended.SuspendedOn, stillSuspended.Version).ShouldBe((OfficerStatus.Suspended, (DateOnly?)new DateOnly(2019, 5, 1), 5));
        (await OfficerAsync(nominee)).Version.ShouldBe(1);
    }

    [Fact]
    public async Task authority_lapses_on_the_date_of_a_termination_in_the_past()
    {
        var agreement = await SignedAgreement();
        var officer = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM);

        await Send(agreement, new TerminateAgreement(new DateOnly(2020, 1, 1), "ICE", "Program review", null));

        var lapsed = await Eventually(Service, officer, o => o.Status == OfficerStatus.Lapsed);
        (lapsed.EndedOn, lapsed.EndReason).ShouldBe(((DateOnly?)new DateOnly(2020, 1, 1), "The agreement was terminated."));
        (await Problem(CommandRoute.For<ReinstateAuthority>(officer), new ReinstateAuthority(new DateOnly(2020, 2, 1), null), System.Net.HttpStatusCode.Conflict)).Title.ShouldBe("Transition not allowed");
    }

    [Fact]
    public async Task authority_lapses_today_with_a_termination_effective_today_and_on_the_expiry_date_with_an_expiry()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var jem = await SignedAgreement();
        var wso = await SignedAgreement(HernandoJem with { Model = "WSO" }, expiresOn: new DateOnly(2022, 1, 22));
        var underJem = await Service.AuthorizedOfficerAsync(jem, SupportModel.JEM, "Avery Able");
        var underWso = await Service.AuthorizedOfficerAsync(wso, SupportModel.WSO, "Blair Baker");

        await Send(jem, new TerminateAgreement(today, "Agency", "County board vote", null));
        await Send(wso, new RecordExpiry(null));

        (await Eventually(Service, underJem, o => o.Status == OfficerStatus.Lapsed)).EndedOn.ShouldBe(today);
        (await Eventually(Service, underWso, o => o.Status == OfficerStatus.Lapsed)).EndedOn.ShouldBe(new DateOnly(2022, 1, 22));
    }

    [Fact]
    public async Task a_termination_recorded_ahead_of_its_date_ends_authority_when_the_service_clock_reaches_it()
    {
        await using var deadlines = await DeadlineHost.StartAsync(await App.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(new DateTimeOffset(2025, 6, 29, 23, 59, 57, TimeSpan.Zero)));
        var agreement = await deadlines.SignedAsync(expiresOn: null, signedOn: new DateOnly(2025, 6, 2));
        var officer = await deadlines.Service.NominatedAsync(agreement, new NominateOfficer("Dana Deputy", null, new DateOnly(2025, 6, 3)));
        await deadlines.Service.OfficerAsync(officer, new RecordInvestigation(new DateOnly(2025, 6, 4), "Passed", true, null));
        await deadlines.Service.OfficerAsync(officer, new RecordTraining(new DateOnly(2025, 6, 5), "JEM", "ICE Academy, Charleston, SC", null));
        await deadlines.Service.OfficerAsync(officer, new CertifyOfficer(new DateOnly(2025, 6, 6), null));

        await deadlines.SendAsync(agreement, new TerminateAgreement(new DateOnly(2025, 6, 30), "Agency", "County board vote", null));
        (await DetailsOf(deadlines.Service, officer)).Status.ShouldBe(OfficerStatus.Authorized);

        await deadlines.AdvanceUntilHandledAsync<ScheduledChangeDue>(new DateTimeOffset(2025, 6, 30, 0, 0, 5, TimeSpan.Zero));

        (await Eventually(deadlines.Service, officer, o => o.Status == OfficerStatus.Lapsed)).EndedOn.ShouldBe(new DateOnly(2025, 6, 30));
    }
}
