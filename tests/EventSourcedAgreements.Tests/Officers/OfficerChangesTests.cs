using System.Net;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers.Charting;
using EventSourcedAgreements.Officers.ListingChanges;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>
/// What changed for officers between two dates, and how many held authority over time: counted from the authority
/// periods, on the knowledge axis as the summary is; public, counts only.
/// </summary>
public sealed class OfficerChangesTests(AppFixture app) : AppTest(app)
{
    /// <summary>Three officers of Hernando County certified on 2019-04-15: one suspended and reinstated on 2019-06-01, one revoked from 2019-08-01.</summary>
    private async Task<Guid> ThreeOfficersAsync()
    {
        var agreement = await SignedAgreement();
        await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Avery Able");
        var suspended = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Blair Baker");
        var revoked = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Casey Cole");
        await Service.OfficerAsync(suspended, new SuspendAuthority(new DateOnly(2019, 6, 1), "Audit", null));
        await Service.OfficerAsync(suspended, new ReinstateAuthority(new DateOnly(2019, 6, 1), null));
        await Service.OfficerAsync(revoked, new RevokeAuthority(new DateOnly(2019, 8, 1), "Misconduct finding", null));
        return agreement;
    }

    private Task<OfficerChanges> Changes(string query) => Service.GetAsync<OfficerChanges>($"/api/officers/changes?{query}");

    [Fact]
    public async Task the_changes_count_per_agreement_the_officers_before_after_and_the_authority_begun_and_ended_between()
    {
        var agreement = await ThreeOfficersAsync();

        var april = await Changes("from=2019-04-01&to=2019-04-30");
        april.Totals.ShouldBe(new OfficerChangeTally(Before: 0, Authorized: 3, Ended: 0, After: 3));
        april.Agreements.ShouldBe([new OfficerChange(agreement, "fl-hernando-county-sheriffs-office", "Hernando County Sheriff's Office", "FL", "Florida", SupportModel.JEM, 0, 3, 0, 3)]);

        // A suspension lifted the day it began is no change; the revocation is.
        var later = await Changes("from=2019-05-01&to=2019-12-31&state=FL");
        later.Totals.ShouldBe(new OfficerChangeTally(Before: 3, Authorized: 0, Ended: 1, After: 2));
        later.Agreements.Select(c => (c.Before, c.Authorized, c.Ended, c.After)).ShouldBe([(3, 0, 1, 2)]);

        var quiet = await Changes("from=2019-05-01&to=2019-05-31");
        (quiet.Totals, quiet.Agreements.Count).ShouldBe((new OfficerChangeTally(3, 0, 0, 3), 0));
        (await Changes("from=2019-04-01&to=2019-12-31&state=TX")).Totals.ShouldBe(new OfficerChangeTally(0, 0, 0, 0));
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        (await Changes($"from=2019-04-01&to=2019-12-31&knownAt={yesterday:yyyy-MM-dd}")).Totals.ShouldBe(new OfficerChangeTally(0, 0, 0, 0));

        var csv = (await Service.ExchangeAsync(HttpMethod.Get, "/api/officers/changes?from=2019-05-01&to=2019-12-31", headers: new Dictionary<string, string> { ["Accept"] = "text/csv" })).ReadAsText();
        csv.ReplaceLineEndings("\n").Trim().ShouldBe($"STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,OFFICERS BEFORE,AUTHORIZED,ENDED,OFFICERS AFTER,AGREEMENT\nFLORIDA,Hernando County Sheriff's Office,Jail Enforcement Model,3,0,1,2,{agreement}");
        csv.ShouldNotContain("Casey");
    }

    [Fact]
    public async Task the_timeline_counts_the_officers_holding_authority_at_each_step_per_model()
    {
        await ThreeOfficersAsync();

        var timeline = await Service.GetAsync<OfficerTimeline>("/api/officers/timeline?from=2019-03-01&to=2019-09-01&state=Florida");

        (timeline.Interval, timeline.State).ShouldBe(("month", "FL"));
        timeline.Points.Select(p => (p.AsOf, p.Officers[SupportModel.JEM], p.Total)).ShouldBe(
        [
            (new DateOnly(2019, 3, 1), 0, 0), (new DateOnly(2019, 4, 1), 0, 0), (new DateOnly(2019, 5, 1), 3, 3), (new DateOnly(2019, 6, 1), 3, 3),
            (new DateOnly(2019, 7, 1), 3, 3), (new DateOnly(2019, 8, 1), 2, 2), (new DateOnly(2019, 9, 1), 2, 2),
        ]);
        (await Service.GetAsync<OfficerTimeline>("/api/officers/timeline?from=2019-05-01&to=2019-05-01&model=WSO")).Points.Single().Total.ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/officers/changes?from=2019-06-01&to=2019-05-01", "to")]
    [InlineData("/api/officers/changes?from=2019-05-01&to=2019-06-01&state=Atlantis", "state")]
    [InlineData("/api/officers/changes?from=May%202019&to=2019-06-01", "from")]
    [InlineData("/api/officers/timeline?from=2019-05-01&to=2019-06-01&state=Atlantis", "state")]
    [InlineData("/api/officers/timeline?from=2019-05-01&to=2019-06-01&interval=fortnight", "interval")]
    public async Task bad_dates_states_and_intervals_are_a_400_naming_the_parameter(string url, string parameter)
    {
        var problem = (await Service.ExchangeAsync(HttpMethod.Get, url, expected: HttpStatusCode.BadRequest)).ReadAsJson<HttpValidationProblemDetails>()!;

        problem.Errors.Keys.ShouldContain(parameter);
    }
}
