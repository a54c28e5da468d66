using System.Net;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers.Tallying;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>An agreement's officers for anyone, as counts: nominated, holding authority today, and what happened day by day.</summary>
public sealed class OfficerActivityTests(AppFixture app) : AppTest(app)
{
    private Task<AgreementOfficerActivity> Activity(Guid agreement, string query = "") =>
        Service.GetAsync<AgreementOfficerActivity>($"/api/agreements/{agreement}/officer-activity{query}");

    [Fact]
    public async Task the_activity_counts_the_officers_per_day_and_kind_with_those_holding_authority_that_day()
    {
        var agreement = await SignedAgreement();
        var other = await SignedAgreement(HernandoJem with { Model = "WSO" });
        await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Avery Able");
        var suspended = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Blair Baker");
        var revoked = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Casey Cole");
        await Service.NominatedAsync(agreement, new NominateOfficer("Drew Dunn", null, new DateOnly(2019, 2, 1)));
        await Service.AuthorizedOfficerAsync(other, SupportModel.WSO, "Emery East");
        await Service.OfficerAsync(suspended, new SuspendAuthority(new DateOnly(2019, 6, 1), "Audit", null));
        await Service.OfficerAsync(suspended, new ReinstateAuthority(new DateOnly(2019, 7, 1), null));
        await Service.OfficerAsync(revoked, new RevokeAuthority(new DateOnly(2019, 8, 1), "Misconduct finding", null));

        var activity = await Activity(agreement);

        (activity.AgreementId, activity.Nominated, activity.AuthorizedToday, activity.RecordedAt).ShouldBe((agreement, 4, 2, (DateTimeOffset?)null));
        activity.Activity.Select(a => (a.On, a.Type, a.Officers, a.AuthorizedOn)).ShouldBe(
        [
            (new DateOnly(2019, 2, 1), nameof(OfficerNominated), 4, 0),
            (new DateOnly(2019, 3, 1), nameof(BackgroundInvestigationCompleted), 3, 0),
            (new DateOnly(2019, 4, 12), nameof(TrainingCompleted), 3, 0),
            (new DateOnly(2019, 4, 15), nameof(OfficerCertified), 3, 3),
            (new DateOnly(2019, 6, 1), nameof(AuthoritySuspended), 1, 2),
            (new DateOnly(2019, 7, 1), nameof(AuthorityReinstated), 1, 3),
            (new DateOnly(2019, 8, 1), nameof(AuthorityRevoked), 1, 2),
        ]);
        (await Activity(other)).Activity.Select(a => a.Officers).ShouldAllBe(count => count == 1);
    }

    [Fact]
    public async Task the_activity_is_public_names_no_one_and_answers_as_known_or_recorded_before()
    {
        var agreement = await SignedAgreement();
        var recordedBefore = DateTimeOffset.UtcNow;
        await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Avery Able", badgeNumber: "HC-1024");

        var text = (await Service.ExchangeAsync(HttpMethod.Get, $"/api/agreements/{agreement}/officer-activity")).ReadAsText();
        text.ShouldNotContain("Avery");
        text.ShouldNotContain("HC-1024");
        text.ShouldNotContain("personKey", Case.Insensitive);

        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var known = await Activity(agreement, $"?knownAt={yesterday:yyyy-MM-dd}");
        (known.Nominated, known.AuthorizedToday, known.Activity.Count).ShouldBe((0, 0, 0));
        var recorded = await Activity(agreement, $"?recordedAt={Uri.EscapeDataString(recordedBefore.ToString("O"))}");
        (recorded.Nominated, recorded.Activity.Count, recorded.RecordedAt).ShouldBe((0, 0, (DateTimeOffset?)recordedBefore));
        (await Activity(agreement)).Nominated.ShouldBe(1);
    }

    [Fact]
    public async Task an_unknown_agreement_is_a_404_and_a_bad_moment_a_400()
    {
        var agreement = await SignedAgreement();

        (await Service.ExchangeAsync(HttpMethod.Get, $"/api/agreements/{Guid.NewGuid()}/officer-activity", expected: HttpStatusCode.NotFound)).ReadAsJson<Microsoft.AspNetCore.Mvc.ProblemDetails>()!.Title.ShouldBe("Unknown agreement");
        var problem = (await Service.ExchangeAsync(HttpMethod.Get, $"/api/agreements/{agreement}/officer-activity?knownAt=May%202019", expected: HttpStatusCode.BadRequest)).ReadAsJson<HttpValidationProblemDetails>()!;
        problem.Errors.Keys.ShouldBe(["knownAt"]);
    }
}
