using System.Globalization;
using System.Net;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedAgreements.Tests.Participation;

public sealed class ParticipantsTests(AppFixture app) : AppTest(app)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<ParticipantsAnswer> Participants(string query) =>
        (await Send($"/api/participants?{query}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!;

    [Fact]
    public async Task a_backdated_signing_changes_the_past_as_known_now_but_not_as_known_before()
    {
        var lastYear = Today.AddYears(-1);
        var id = await Requested(new RequestAgreement("FL", "Bay County Sheriff's Office", AgencyType: null, County: null, "WSO", lastYear.AddDays(-30)));
        await Send(id, new SignAgreement(lastYear, MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));

        (await Participants($"asOf={Day(lastYear)}")).Participants.Select(p => p.AgreementId).ShouldBe([id]);
        (await Participants($"asOf={Day(lastYear)}&knownAt={Day(Today.AddDays(-1))}")).Participants.ShouldBeEmpty();
        (await Participants($"asOf={Day(lastYear.AddDays(-1))}")).Participants.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_termination_with_notice_keeps_the_agreement_in_force_until_it_takes_effect()
    {
        var id = await SignedAgreement();
        var effective = Today.AddDays(90);
        await Send(id, new TerminateAgreement(effective, "Agency", "90 days' notice", ExpectedVersion: null));

        (await Participants($"asOf={Day(Today)}")).Participants.Select(p => p.AgreementId).ShouldBe([id]);
        (await Participants($"asOf={Day(effective.AddDays(-1))}")).Participants.Single().InForceUntil.ShouldBe(effective);
        (await Participants($"asOf={Day(effective)}")).Participants.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_renewal_changes_the_moa_in_force_from_its_signing_and_a_suspension_is_a_gap()
    {
        var id = await SignedAgreement();
        await Send(id, new RenewAgreement(new DateOnly(2020, 6, 16), "https://www.ice.gov/moa/2020.pdf", ExpiresOn: null, ExpectedVersion: null));
        await Send(id, new SuspendAgreement(new DateOnly(2021, 3, 1), "audit", ExpectedVersion: null));
        await Send(id, new ReinstateAgreement(new DateOnly(2021, 4, 1), ExpectedVersion: null));

        var may2019 = (await Participants("asOf=2019-05")).Participants.Single();
        may2019.AsOf().ShouldBe((new DateOnly(2019, 1, 22), "https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf"));
        (await Participants("asOf=2020-06-16")).Participants.Single().AsOf().ShouldBe((new DateOnly(2020, 6, 16), "https://www.ice.gov/moa/2020.pdf"));
        (await Participants("asOf=2021-03-15")).Participants.ShouldBeEmpty();
        (await Participants("asOf=2021-04-01")).Participants.Single().SignedOn.ShouldBe(new DateOnly(2020, 6, 16));
    }

    [Fact]
    public async Task the_answer_says_which_dates_it_used_and_filters_by_state_and_model()
    {
        var hernando = await SignedAgreement();
        var lubbock = await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "TFM", new DateOnly(2019, 1, 2)));
        await Send(lubbock, new SignAgreement(new DateOnly(2019, 2, 1), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));

        var answer = await Participants("asOf=2019-05&knownAt=" + Day(Today));

        answer.AsOf.ShouldBe(new DateOnly(2019, 5, 31));
        answer.KnownAt.ShouldBe(Knowledge.EndOf(Today));
        answer.Participants.Select(p => p.StateName).ShouldBe(["Florida", "Texas"]);
        (await Participants("asOf=2019-05&state=Texas")).Participants.Select(p => p.AgreementId).ShouldBe([lubbock]);
        (await Participants("asOf=2019-05&model=jail%20enforcement%20model")).Participants.Select(p => p.AgreementId).ShouldBe([hernando]);
    }

    [Fact]
    public async Task the_csv_answer_has_the_published_columns()
    {
        await SignedAgreement();
        await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office, Jail Division", AgencyType: null, County: null, "WSO", RequestedOn: null));

        var csv = await App.Host.Scenario(s =>
        {
            s.Get.Url("/api/participants?asOf=2019-05-20");
            s.WithRequestHeader("Accept", "text/csv");
            s.Header("Content-Type").SingleValueShouldEqual("text/csv; charset=utf-8");
        });

        csv.ReadAsText().ShouldBe(
            "STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED,MOA\r\n" +
            "FLORIDA,Hernando County Sheriff's Office,Jail Enforcement Model,2019-01-22,https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf\r\n");
    }

    [Fact]
    public async Task every_answer_writes_a_state_name_as_it_is_spelled_and_every_spreadsheet_in_ices_capitals()
    {
        await SignedAgreement(new RequestAgreement("NM", "Lea County Sheriff's Office", AgencyType: null, County: null, "TFM", new DateOnly(2019, 1, 2)), new DateOnly(2019, 2, 1));

        var names = new List<string?>();
        var participants = (await Send("/api/participants?asOf=2019-05-20", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<System.Text.Json.JsonElement>();
        names.AddRange(participants.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("stateName").GetString()));
        var summary = (await Send("/api/participants/summary?asOf=2019-05-20", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<System.Text.Json.JsonElement>();
        names.AddRange(summary.GetProperty("states").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var changes = (await Send("/api/participants/changes?from=2019-01-01&to=2019-12-31", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<System.Text.Json.JsonElement>();
        names.AddRange(changes.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("stateName").GetString()));
        names.Count.ShouldBe(3);
        names.ShouldAllBe(name => name == "New Mexico");

        foreach (var url in new[] { "/api/participants?asOf=2019-05-20", "/api/participants/summary?asOf=2019-05-20", "/api/participants/changes?from=2019-01-01&to=2019-12-31" })
        {
            var csv = await App.Host.Scenario(s =>
            {
                s.Get.Url(url);
                s.WithRequestHeader("Accept", "text/csv");
            });
            var text = csv.ReadAsText();
            text.ShouldContain("NEW MEXICO", Case.Sensitive, url);
            text.ShouldNotContain("New Mexico", Case.Sensitive, url);
        }
    }

    [Fact]
    public async Task a_csv_answer_is_a_download_named_after_the_question_with_a_byte_order_mark_for_spreadsheets()
    {
        await SignedAgreement();

        var csv = await App.Host.Scenario(s =>
        {
            s.Get.Url("/api/participants?asOf=2019-05-20&state=FL");
            s.WithRequestHeader("Accept", "text/csv");
        });
        var changes = await App.Host.Scenario(s =>
        {
            s.Get.Url("/api/participants/changes?from=2019-01-01&to=2019-12-31");
            s.WithRequestHeader("Accept", "text/csv");
        });

        csv.Context.Response.Headers.ContentDisposition.ToString().ShouldStartWith("attachment; filename=participants-2019-05-20-FL.csv");
        changes.Context.Response.Headers.ContentDisposition.ToString().ShouldStartWith("attachment; filename=participants-changes-2019-01-01-2019-12-31.csv");
        var bytes = new byte[3];
        (await csv.Context.Response.Body.ReadAsync(bytes)).ShouldBe(3);
        bytes.ShouldBe(System.Text.Encoding.UTF8.Preamble.ToArray());
    }

    [Fact]
    public async Task an_agreement_is_out_of_force_from_its_expiry_date_even_before_the_expiry_is_recorded()
    {
        var id = await SignedAgreement(expiresOn: new DateOnly(2022, 1, 22));

        (await Participants("asOf=2022-01-21")).Participants.Select(p => p.AgreementId).ShouldBe([id]);
        (await Participants("asOf=2022-01-22")).Participants.ShouldBeEmpty();
        var changes = (await Send("/api/participants/changes?from=2019-01-01&to=2022-12-31", null, null, HttpStatusCode.OK, "GET"))
            .ReadAsJson<EventSourcedAgreements.Participation.ListingChanges.ChangesAnswer>()!;
        changes.Changes.Select(c => $"{c.On:yyyy-MM-dd} {c.Kind}").ShouldBe(["2019-01-22 Signed", "2022-01-22 Expired"]);

        await Send(id, new RecordExpiry(ExpectedVersion: null));
        (await Send("/api/participants/changes?from=2019-01-01&to=2022-12-31", null, null, HttpStatusCode.OK, "GET"))
            .ReadAsJson<EventSourcedAgreements.Participation.ListingChanges.ChangesAnswer>()!
            .Changes.Select(c => $"{c.On:yyyy-MM-dd} {c.Kind}").ShouldBe(["2019-01-22 Signed", "2022-01-22 Expired"]);
    }

    [Fact]
    public async Task the_summary_changes_and_timeline_answer_csv_too()
    {
        var id = await SignedAgreement();
        await Send(id, new TerminateAgreement(new DateOnly(2020, 1, 1), "ICE", "review", ExpectedVersion: null));

        async Task<string> Csv(string url) => (await App.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Accept", "text/csv");
            s.Header("Content-Type").SingleValueShouldEqual("text/csv; charset=utf-8");
        })).ReadAsText();

        (await Csv("/api/participants/summary?asOf=2019-05")).ShouldBe("STATE,JEM,WSO,TFM,TOTAL\r\nFLORIDA,1,0,0,1\r\n");
        (await Csv("/api/participants/changes?from=2019-01-01&to=2020-12-31")).ShouldBe(
            "DATE,CHANGE,NOT BEFORE,STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED,AGREEMENT\r\n" +
            $"2019-01-22,Signed,,FLORIDA,Hernando County Sheriff's Office,Jail Enforcement Model,2019-01-22,{id}\r\n" +
            $"2020-01-01,Terminated,,FLORIDA,Hernando County Sheriff's Office,Jail Enforcement Model,,{id}\r\n");
        (await Csv("/api/participants/timeline?from=2019-01-01&to=2020-01-01&interval=year")).ShouldBe("AS OF,JEM,WSO,TFM,TOTAL\r\n2019-01-01,0,0,0,0\r\n2020-01-01,0,0,0,0\r\n");
        (await Csv("/api/participants/timeline?from=2019-06-01&to=2019-06-01&model=JEM")).ShouldBe("AS OF,JEM,TOTAL\r\n2019-06-01,1,1\r\n");
    }

    [Theory]
    [InlineData("asOf=2019-13-01", "asOf")]
    [InlineData("asOf=May%202019", "asOf")]
    [InlineData("knownAt=2019-02-30", "knownAt")]
    [InlineData("state=Atlantis", "state")]
    [InlineData("model=Border", "model")]
    [InlineData("asOf=9999-12", "asOf")]
    [InlineData("knownAt=9999-12-31", "knownAt")]
    [InlineData("asOf=1066-10-14", "asOf")]
    public async Task a_query_that_cannot_be_read_is_a_400_naming_the_field(string query, string field)
    {
        var result = await Send($"/api/participants?{query}", null, null, HttpStatusCode.BadRequest, "GET");

        result.ReadAsJson<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>()!.Errors.Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task the_changes_between_two_dates_tell_each_step_with_its_date()
    {
        var id = await SignedAgreement();
        await Send(id, new AmendAgreement(new DateOnly(2019, 3, 1), "annex", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null));
        await Send(id, new ReinstateAgreement(new DateOnly(2019, 7, 1), ExpectedVersion: null));
        await Send(id, new RenewAgreement(new DateOnly(2020, 6, 16), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        await Send(id, new TerminateAgreement(new DateOnly(2022, 1, 1), "ICE", "review", ExpectedVersion: null));

        var all = (await Send("/api/participants/changes?from=2019-01&to=2022-12", null, null, HttpStatusCode.OK, "GET"))
            .ReadAsJson<EventSourcedAgreements.Participation.ListingChanges.ChangesAnswer>()!;
        all.Changes.Select(c => $"{c.On:yyyy-MM-dd} {c.Kind}").ShouldBe(
            ["2019-01-22 Signed", "2019-03-01 Amended", "2019-06-01 Suspended", "2019-07-01 Reinstated", "2020-06-16 Renewed", "2022-01-01 Terminated"]);
        all.Changes.ShouldAllBe(c => c.AgreementId == id);

        var in2019 = (await Send("/api/participants/changes?from=2019-05-01&to=2019-12-31", null, null, HttpStatusCode.OK, "GET"))
            .ReadAsJson<EventSourcedAgreements.Participation.ListingChanges.ChangesAnswer>()!;
        in2019.Changes.Select(c => c.Kind.ToString()).ShouldBe(["Suspended", "Reinstated"]);

        var knownBefore = (await Send($"/api/participants/changes?from=2019-01&to=2022-12&knownAt={Day(Today.AddDays(-1))}", null, null, HttpStatusCode.OK, "GET"))
            .ReadAsJson<EventSourcedAgreements.Participation.ListingChanges.ChangesAnswer>()!;
        knownBefore.Changes.ShouldBeEmpty();
    }

    [Fact]
    public async Task the_timeline_counts_agreements_in_force_per_model_at_each_step()
    {
        await SignedAgreement();
        var wso = await Requested(new RequestAgreement("FL", "Bay County Sheriff's Office", AgencyType: null, County: null, "WSO", new DateOnly(2019, 1, 2)));
        await Send(wso, new SignAgreement(new DateOnly(2019, 3, 15), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        await Send(wso, new TerminateAgreement(new DateOnly(2019, 5, 1), "Agency", "x", ExpectedVersion: null));

        var timeline = (await Send("/api/participants/timeline?from=2019-01-01&to=2019-06-01&interval=month", null, null, HttpStatusCode.OK, "GET"))
            .ReadAsJson<EventSourcedAgreements.Participation.Charting.Timeline>()!;

        timeline.Points.Select(p => $"{p.AsOf:yyyy-MM-dd} JEM={p.Agreements[EventSourcedAgreements.Agreements.SupportModel.JEM]} WSO={p.Agreements[EventSourcedAgreements.Agreements.SupportModel.WSO]}").ShouldBe(
        [
            "2019-01-01 JEM=0 WSO=0", "2019-02-01 JEM=1 WSO=0", "2019-03-01 JEM=1 WSO=0",
            "2019-04-01 JEM=1 WSO=1", "2019-05-01 JEM=1 WSO=0", "2019-06-01 JEM=1 WSO=0",
        ]);
        (await Send("/api/participants/timeline?from=2019-01-01&to=2019-06-01&model=WSO", null, null, HttpStatusCode.OK, "GET"))
            .ReadAsJson<EventSourcedAgreements.Participation.Charting.Timeline>()!.Points.Select(p => p.Total).ShouldBe([0, 0, 0, 1, 0, 0]);
    }

    [Theory]
    [InlineData("/api/participants/changes?from=2019-01-01", "to")]
    [InlineData("/api/participants/changes?from=2019-05-01&to=2019-01-01", "to")]
    [InlineData("/api/participants/timeline?from=2019-01-01&to=2019-06-01&interval=fortnight", "interval")]
    [InlineData("/api/participants/timeline?from=1900-01-01&to=2019-06-01&interval=day", "interval")]
    [InlineData("/api/participants/summary?asOf=yesterday", "asOf")]
    [InlineData("/api/participants/summary?asOf=9999-12", "asOf")]
    [InlineData("/api/participants/changes?from=9999-12&to=9999-12", "from")]
    [InlineData("/api/participants/timeline?from=9999-12-31&to=9999-12-31&interval=day", "from")]
    public async Task a_changes_timeline_or_summary_query_that_cannot_be_read_is_a_400(string url, string field)
    {
        var result = await Send(url, null, null, HttpStatusCode.BadRequest, "GET");

        result.ReadAsJson<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>()!.Errors.Keys.ShouldContain(field);
    }

    [Fact]
    public async Task the_periods_rebuilt_from_the_events_are_the_stored_rows()
    {
        var id = await SignedAgreement();
        await Send(id, new RenewAgreement(new DateOnly(2020, 6, 16), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        await Send(id, new TerminateAgreement(new DateOnly(2022, 1, 1), "ICE", "review", ExpectedVersion: null));

        var rebuilt = EffectiveHistory.Periods(await Events(id));

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var stored = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws('|', signed_on, lower(effective), upper(effective), to_char(lower(known) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(upper(known) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')) from {store.Options.DatabaseSchemaName}.{ParticipationFeature.PeriodsTable} where agreement_id = ? and upper_inf(recorded) order by lower(known), lower(effective)",
            CancellationToken.None,
            id);
        // Known after the signing: one row. After the renewal: the first MOA until the renewal, and the renewal. After
        // the termination: the renewal until the end; the first MOA's row is unchanged, so it is lengthened, not repeated.
        rebuilt.Count.ShouldBe(1 + 2 + 1);
        stored.ShouldBe(rebuilt.Select(Line).ToList());

        // Every row ever answered from, with its stretch of recorded time: rebuilt from the events' timestamps, the same.
        var storedEver = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws('|', signed_on, lower(effective), upper(effective), to_char(lower(known) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(upper(known) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '@', to_char(lower(recorded) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), to_char(upper(recorded) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')) from {store.Options.DatabaseSchemaName}.{ParticipationFeature.PeriodsTable} where agreement_id = ? order by 1",
            CancellationToken.None,
            id);
        var rebuiltEver = EffectiveHistory.RecordedRows(await Events(id)).Periods
            .Select(r => string.Join('|', new[] { Line(r.Row), "@", Instant(r.From), r.To is { } to ? Instant(to) : null }.Where(part => part is not null)))
            .Order(StringComparer.Ordinal)
            .ToList();
        rebuiltEver.Count.ShouldBe(1 + 1 + 2 + 2, "each write closes the rows it does not repeat and opens its new ones");
        storedEver.ShouldBe(rebuiltEver);

        static string Line(PeriodRow row) => string.Join('|', new[]
        {
            Day(row.SignedOn), Day(row.EffectiveFrom), row.EffectiveTo is { } to ? Day(to) : null, Instant(row.KnownFrom), row.KnownTo is { } known ? Instant(known) : null,
        }.Where(part => part is not null));

        static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }
}

internal static class ParticipantShape
{
    public static (DateOnly SignedOn, string? MoaUrl) AsOf(this Participant participant) => (participant.SignedOn, participant.MoaUrl);
}
