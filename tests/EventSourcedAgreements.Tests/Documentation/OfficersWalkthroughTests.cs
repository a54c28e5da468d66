using System.Text.Json;
using EventSourcedAgreements.Officers.Summarizing;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Documentation;

/// <summary>
/// docs/officers.md's walkthrough, read from the document and sent as written, on a store like a newcomer's
/// (Development, the shipped lists imported by the first start): every answer is the one the document announces, and
/// the record ends as the document says.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class OfficersWalkthroughTests(AppFixture app)
{
    public const string Heading = "## A deputy's authority, with curl";

    [Fact]
    public async Task the_officers_walkthrough_answers_as_it_says_on_a_fresh_store()
    {
        var walkthrough = ReadmeWalkthrough.Read(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "docs", "officers.md")), Heading);
        walkthrough.Tokens.Select(t => t.Variable).ShouldBe(["OFFICER", "CLERK"]);
        walkthrough.Requests.Count(r => r.ExpectsConflict).ShouldBe(1);
        walkthrough.Requests.Where(r => r.GivesId).Select(r => r.Assigns).ShouldBe(["AGREEMENT", "DIO"]);

        // Deadlines on, as in Development: the refresher deadline suspends the deputy, certified in 2019, at once.
        await using var host = await AppFixture.StartHostAsync(await app.Postgres.CreateDatabaseAsync(allowPurge: false), ("FirstRun:Import", "true"), (EventSourcedAgreements.Deadlines.DeadlineSettings.EnabledSetting, "true"));
        var (wrong, ids) = await ReadmeWalkthroughTests.SendAllAsync(host, walkthrough);
        wrong.ShouldBeNull();

        var service = new Service(host, app.TokenFor(EventSourcedAgreements.Security.Roles.ProgramOfficer));
        var officer = await DeadlineHost.EventuallyAsync(
            async () => (await service.GetAsync<OfficerDetails>($"/api/officers/{ids["DIO"]}", service.Token)).Officer,
            o => o.Status == OfficerStatus.Lapsed);
        (officer.Status, officer.EndedOn).ShouldBe((OfficerStatus.Lapsed, (DateOnly?)new DateOnly(2021, 1, 1)));
        (await service.GetAsync<OfficerSummary>("/api/officers/summary?asOf=2019-06-01&state=VT")).Sentence.ShouldBe("1 officer authorized under 1 WSO agreement in Vermont");
        (await service.GetAsync<OfficerSummary>("/api/officers/summary?asOf=2020-08-01&state=VT")).Totals.Officers.ShouldBe(1);
        (await service.GetAsync<OfficerSummary>("/api/officers/summary?asOf=2021-06-01&state=VT")).Totals.Officers.ShouldBe(0);
        officer.RefreshedOn.ShouldBe(new DateOnly(2020, 4, 20));
        var activity = await service.GetAsync<EventSourcedAgreements.Officers.Tallying.AgreementOfficerActivity>($"/api/agreements/{ids["AGREEMENT"]}/officer-activity");
        (activity.Nominated, activity.AuthorizedToday).ShouldBe((1, 0));
        activity.Activity.ShouldContain(new EventSourcedAgreements.Officers.Tallying.OfficerActivity(new DateOnly(2021, 1, 1), nameof(AuthorityLapsedWithAgreement), 1, 0));
        (await service.GetAsync<JsonElement>($"/api/officers/{ids["DIO"]}", service.Token)).GetProperty("name").GetString().ShouldBe("Jordan Rivera");
    }
}
