using System.Globalization;
using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Auditing.ReadingTheFeed;
using EventSourcedAgreements.Tests.Fixtures;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Auditing;

public sealed class AuditFeedTests(AppFixture app) : AppTest(app)
{
    private static readonly string Today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string AuditorToken => App.TokenFor(Auditor, name: "Ann Auditor");

    private async Task<AuditPage> Feed(string query) =>
        (await Send($"/api/audit?from={Today}&to={Today}{query}", null, AuditorToken, HttpStatusCode.OK, "GET")).ReadAsJson<AuditPage>()!;

    [Fact]
    public async Task the_feed_lists_every_event_newest_first_a_page_at_a_time()
    {
        var hernando = await SignedAgreement();
        var agency = App.TokenFor(Agency, "fl-bay-county-sheriffs-office", "Bay clerk");
        var bay = (await Send("/api/agreements", new { state = "FL", agencyName = "Bay County Sheriff's Office", model = "WSO" }, agency, HttpStatusCode.Created)).ReadAsJson<EventSourcedAgreements.Agreements.AgreementAccepted>()!.Id;

        var all = await Feed(string.Empty);
        all.Entries.Select(e => (e.AgreementId, e.Type)).ShouldBe([(bay, "AgreementRequested"), (hernando, "AgreementSigned"), (hernando, "AgreementRequested")]);

        // Named as the history names them: the type's name, the data's members in camel case.
        var history = await Service.GetAsync<List<EventSourcedAgreements.Agreements.GettingHistory.HistoryEntry>>($"/api/agreements/{hernando}/history", Officer);
        var signed = all.Entries.Single(e => e.Type == "AgreementSigned");
        signed.Data.EnumerateObject().Select(member => member.Name).ShouldBe(
            JsonSerializer.SerializeToElement(history.Single(e => e.Type == "AgreementSigned").Data, Json).EnumerateObject().Select(member => member.Name),
            ignoreOrder: true);
        signed.Data.GetProperty("signedOn").GetString().ShouldNotBeNull();
        all.Entries.Select(e => e.Sequence).ShouldBeInOrder(SortDirection.Descending);
        all.Next.ShouldBeNull();
        all.Entries[0].ActorRole.ShouldBe(Agency);
        all.Entries[0].Source.ShouldBe("command");
        all.Entries[0].AgencyId.ShouldBe("fl-bay-county-sheriffs-office");

        var first = await Feed("&limit=2");
        first.Entries.Count.ShouldBe(2);
        first.Next.ShouldBe(first.Entries[^1].Sequence);
        var second = await Feed($"&limit=2&after={first.Next}");
        second.Entries.Select(e => e.Sequence).ShouldBe([all.Entries[2].Sequence]);
        second.Next.ShouldBeNull();
    }

    [Fact]
    public async Task the_feed_filters_by_actor_agency_and_type()
    {
        var hernando = await SignedAgreement();
        await Send("/api/agreements", new { state = "FL", agencyName = "Bay County Sheriff's Office", model = "WSO" }, App.TokenFor(Agency, "fl-bay-county-sheriffs-office", "Bay clerk"), HttpStatusCode.Created);

        (await Feed("&actor=Bay%20clerk")).Entries.ShouldAllBe(e => e.Actor == "Bay clerk");
        (await Feed("&actor=Bay%20clerk")).Count.ShouldBe(1);
        (await Feed("&agency=fl-hernando-county-sheriffs-office")).Entries.ShouldAllBe(e => e.AgreementId == hernando);
        (await Feed("&agency=fl-hernando-county-sheriffs-office")).Count.ShouldBe(2);
        (await Feed("&type=AgreementSigned")).Entries.Single().AgreementId.ShouldBe(hernando);
        (await Feed("&type=agreement_requested")).Count.ShouldBe(2);
        (await Send("/api/audit?from=2019-01-01&to=2019-12-31", null, AuditorToken, HttpStatusCode.OK, "GET")).ReadAsJson<AuditPage>()!.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task the_feed_answers_csv_and_is_for_auditors_only()
    {
        var id = await Requested();

        var csv = (await App.Host.Scenario(s =>
        {
            s.Get.Url($"/api/audit?from={Today}&to={Today}");
            s.WithRequestHeader("Accept", "text/csv");
            s.WithRequestHeader("Authorization", $"Bearer {AuditorToken}");
        })).ReadAsText().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        csv[0].ShouldBe("SEQUENCE,RECORDED AT,AGREEMENT,AGENCY,VERSION,TYPE,ACTOR,ROLE,SOURCE,KNOWN AT,CORRELATION ID,OFFICER");
        csv.Length.ShouldBe(2);
        csv[1].ShouldContain($",{id},fl-hernando-county-sheriffs-office,1,AgreementRequested,Pat Officer,program-officer,command,");
        await Send($"/api/audit?from={Today}&to={Today}", null, Officer, HttpStatusCode.Forbidden, "GET");
        await Send($"/api/audit?from={Today}&to={Today}", null, null, HttpStatusCode.Unauthorized, "GET");
    }

    [Fact]
    public void every_event_types_alias_names_it_back()
    {
        var events = typeof(EventSourcedAgreements.Agreements.IAgreementEvent).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && (typeof(EventSourcedAgreements.Agreements.IAgreementEvent).IsAssignableFrom(type) || typeof(IOfficerEvent).IsAssignableFrom(type)))
            .ToList();
        events.Count.ShouldBeGreaterThan(20);
        foreach (var type in events)
        {
            GetAuditFeedEndpoint.EventTypeName(GetAuditFeedEndpoint.EventTypeAlias(type.Name)!).ShouldBe(type.Name);
        }
    }

    [Theory]
    [InlineData("to=2019-01-01", "from")]
    [InlineData("from=2019-02-01&to=2019-01-01", "to")]
    [InlineData("from=2019-01-01&to=2019-12-31&limit=0", "limit")]
    [InlineData("from=2019-01-01&to=2019-12-31&limit=5000", "limit")]
    [InlineData("from=2019-01-01&to=2019-12-31&after=abc", "after")]
    public async Task a_feed_query_that_cannot_be_read_is_a_400_naming_the_field(string query, string field)
    {
        var result = await Send($"/api/audit?{query}", null, AuditorToken, HttpStatusCode.BadRequest, "GET");

        result.ReadAsJson<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>()!.Errors.Keys.ShouldContain(field);
    }
}
