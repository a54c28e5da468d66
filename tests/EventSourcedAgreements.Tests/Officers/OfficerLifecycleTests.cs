using System.Net;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Tests.Reliability;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>
/// A designated officer over HTTP against the store: nominated by the agency, cleared, trained, certified, suspended,
/// reinstated, revoked; every refusal appends nothing; names stay out of the events.
/// </summary>
public sealed class OfficerLifecycleTests(AppFixture app) : AppTest(app)
{
    private string Clerk => App.TokenFor(Roles.Agency, Targets.Agency, "Hernando records clerk");

    [Fact]
    public async Task an_officer_nominated_by_the_agency_is_cleared_trained_certified_and_then_holds_authority()
    {
        var agreement = await SignedAgreement();

        var nominated = await Service.PostAsync(CommandRoute.For<NominateOfficer>(agreement), new NominateOfficer(" Dana   Deputy ", "H-1207", new DateOnly(2019, 2, 1)), HttpStatusCode.Created, Clerk);
        var accepted = nominated.ReadAsJson<OfficerAccepted>()!;
        nominated.Context.Response.Headers.Location.ToString().ShouldBe($"/api/officers/{accepted.Id}");
        accepted.ShouldBe(new OfficerAccepted(accepted.Id, OfficerStatus.Nominated, 1));
        var id = accepted.Id;

        (await Service.OfficerAsync(id, new RecordInvestigation(new DateOnly(2019, 3, 1), "Passed", CitizenshipConfirmed: true, ExpectedVersion: 1))).Version.ShouldBe(2);
        (await Service.OfficerAsync(id, new RecordTraining(new DateOnly(2019, 4, 12), "JEM", "ICE Academy, Charleston, SC", ExpectedVersion: 2))).Version.ShouldBe(3);
        (await Service.OfficerAsync(id, new CertifyOfficer(new DateOnly(2019, 4, 15), ExpectedVersion: 3))).ShouldBe(new OfficerAccepted(id, OfficerStatus.Authorized, 4));

        var details = await Service.GetAsync<OfficerDetails>($"/api/officers/{id}", Clerk);
        (details.Name, details.BadgeNumber).ShouldBe(("Dana Deputy", "H-1207"));
        var officer = details.Officer;
        (officer.Id, officer.AgreementId, officer.AgencyId, officer.State, officer.Model, officer.Status, officer.Version)
            .ShouldBe((id, agreement, Targets.Agency, "FL", SupportModel.JEM, OfficerStatus.Authorized, 4));
        (officer.NominatedOn, officer.ClearedOn, officer.CertifiedOn).ShouldBe((new DateOnly(2019, 2, 1), new DateOnly(2019, 3, 1), (DateOnly?)new DateOnly(2019, 4, 15)));
        officer.Courses.ShouldBe([new CompletedCourse(new DateOnly(2019, 4, 12), Course.JEM, "ICE Academy, Charleston, SC")]);

        var listed = await Service.AllAsync<OfficerDetails>($"/api/agreements/{agreement}/officers", App.TokenFor(Roles.Auditor));
        listed.Select(o => (o.Officer.Id, o.Name)).ShouldBe([(id, "Dana Deputy")]);

        // The certification read the agreement and appended nothing to it.
        (await Events(agreement)).Count.ShouldBe(2);
        (await Events(id)).Select(e => e.EventType).ShouldBe([typeof(OfficerNominated), typeof(BackgroundInvestigationCompleted), typeof(TrainingCompleted), typeof(OfficerCertified)]);
    }

    [Fact]
    public async Task authority_is_suspended_reinstated_and_revoked_with_the_version_as_etag()
    {
        var id = await Service.AuthorizedOfficerAsync(await SignedAgreement(), SupportModel.JEM);

        var suspended = await Service.PostAsync(CommandRoute.For<SuspendAuthority>(id), new SuspendAuthority(new DateOnly(2019, 6, 1), "Refresher overdue", ExpectedVersion: null), headers: new Dictionary<string, string> { ["If-Match"] = "\"4\"" });
        suspended.Context.Response.Headers.ETag.ToString().ShouldBe("\"5\"");
        var stale = await Service.PostAsync(CommandRoute.For<ReinstateAuthority>(id), new ReinstateAuthority(new DateOnly(2019, 7, 1), ExpectedVersion: null), HttpStatusCode.PreconditionFailed, headers: new Dictionary<string, string> { ["If-Match"] = "\"4\"" });
        stale.ReadAsJson<Microsoft.AspNetCore.Mvc.ProblemDetails>()!.Detail!.ShouldStartWith("The officer is at version 5");
        (await Service.OfficerAsync(id, new ReinstateAuthority(new DateOnly(2019, 7, 1), ExpectedVersion: 5))).Status.ShouldBe(OfficerStatus.Authorized);
        (await Service.OfficerAsync(id, new RevokeAuthority(new DateOnly(2020, 1, 6), "Misconduct finding", ExpectedVersion: null))).ShouldBe(new OfficerAccepted(id, OfficerStatus.Revoked, 7));

        var officer = (await Service.GetAsync<OfficerDetails>($"/api/officers/{id}", Officer)).Officer;
        (officer.Status, officer.EndedOn, officer.EndReason).ShouldBe((OfficerStatus.Revoked, (DateOnly?)new DateOnly(2020, 1, 6), "Misconduct finding"));
        (await Problem(CommandRoute.For<ReinstateAuthority>(id), new ReinstateAuthority(new DateOnly(2020, 2, 1), null), HttpStatusCode.Conflict)).Title.ShouldBe("Transition not allowed");
    }

    [Fact]
    public async Task every_refused_command_is_a_409_naming_its_rule_and_appends_nothing()
    {
        var agreement = await SignedAgreement();
        var nominated = await Service.NominatedAsync(agreement, new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 2, 1)));
        var before = await App.CountEventsAsync();

        (await Problem(CommandRoute.For<CertifyOfficer>(nominated), new CertifyOfficer(new DateOnly(2019, 4, 15), null), HttpStatusCode.Conflict)).Title.ShouldBe("Background investigation not passed");
        (await Problem(CommandRoute.For<RecordTraining>(nominated), new RecordTraining(new DateOnly(2019, 4, 12), "TFM", "Agency", null), HttpStatusCode.Conflict)).Title.ShouldBe("Course not of the model");
        (await Problem(CommandRoute.For<NominateOfficer>(agreement), new NominateOfficer("DANA DEPUTY", null, new DateOnly(2019, 3, 1)), HttpStatusCode.Conflict)).Title.ShouldBe("Already nominated");
        (await Problem(CommandRoute.For<SuspendAuthority>(nominated), new SuspendAuthority(new DateOnly(2019, 6, 1), "Audit", null), HttpStatusCode.Conflict)).Title.ShouldBe("Transition not allowed");

        await Send(agreement, new SuspendAgreement(new DateOnly(2019, 3, 1), "Program review", ExpectedVersion: null));
        await Service.OfficerAsync(nominated, new RecordInvestigation(new DateOnly(2019, 3, 1), "Passed", true, null));
        await Service.OfficerAsync(nominated, new RecordTraining(new DateOnly(2019, 4, 12), "JEM", "ICE Academy, Charleston, SC", null));
        var midway = await App.CountEventsAsync();
        (await Problem(CommandRoute.For<CertifyOfficer>(nominated), new CertifyOfficer(new DateOnly(2019, 4, 15), null), HttpStatusCode.Conflict)).Title.ShouldBe("Agreement not in force");

        (midway - before).ShouldBe(3);
        (await App.CountEventsAsync()).ShouldBe(midway);
    }

    [Fact]
    public async Task the_same_person_holds_authority_under_one_agreement_of_the_agency_at_a_time()
    {
        var jem = await SignedAgreement();
        var wso = await SignedAgreement(HernandoJem with { Model = "WSO" });
        var first = await Service.AuthorizedOfficerAsync(jem, SupportModel.JEM, "Dana Deputy", "H-1207");
        var second = await Service.ReadyOfficerAsync(wso, SupportModel.WSO, "Dana R. Deputy", " h 1207 ");

        var refused = await Problem(CommandRoute.For<CertifyOfficer>(second), new CertifyOfficer(new DateOnly(2019, 4, 15), null), HttpStatusCode.Conflict);
        refused.Title.ShouldBe("Authorized under another agreement");
        refused.Detail!.ShouldContain(first.ToString());
        refused.Detail!.ShouldNotContain("Dana");

        await Service.OfficerAsync(first, new RevokeAuthority(new DateOnly(2019, 5, 1), "Moved to the WSO program", null));
        (await Service.OfficerAsync(second, new CertifyOfficer(new DateOnly(2019, 5, 2), null))).Status.ShouldBe(OfficerStatus.Authorized);
    }

    [Fact]
    public async Task names_and_badge_numbers_stay_out_of_the_events_and_the_answers_to_commands()
    {
        var agreement = await SignedAgreement();
        var answer = await Service.PostAsync(CommandRoute.For<NominateOfficer>(agreement), new NominateOfficer("Dana Deputy", "H-1207", new DateOnly(2019, 2, 1)), HttpStatusCode.Created);
        var id = answer.ReadAsJson<OfficerAccepted>()!.Id;

        answer.ReadAsText().ShouldNotContain("Dana");
        (await App.CountAsync($"select count(*) from {Schema}.mt_events where data::text ilike '%dana%' or data::text ilike '%1207%'")).ShouldBe(0);
        var key = ((OfficerNominated)(await Events(id))[0].Data).PersonKey;
        key.ShouldNotContain("1207");
        key.Length.ShouldBe(32);
    }

    [Fact]
    public async Task an_agency_follows_its_own_officers_only_and_the_public_reads_no_officer()
    {
        var agreement = await SignedAgreement();
        var id = await Service.NominatedAsync(agreement, new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 2, 1)), Clerk);
        var bay = App.TokenFor(Roles.Agency, Targets.OtherAgency, "Bay records clerk");

        (await Problem($"/api/officers/{id}", null, HttpStatusCode.Forbidden, bay, method: "GET")).Title.ShouldBe("Not your agency");
        await Problem($"/api/agreements/{agreement}/officers", null, HttpStatusCode.Forbidden, bay, method: "GET");
        await Problem(CommandRoute.For<SeparateOfficer>(id), new SeparateOfficer(new DateOnly(2019, 3, 1), null, null), HttpStatusCode.Forbidden, bay);
        await Send($"/api/officers/{id}", null, Service.Anonymous, HttpStatusCode.Unauthorized, "GET");

        (await Service.OfficerAsync(id, new SeparateOfficer(new DateOnly(2019, 3, 1), "Resigned", null), bearer: Clerk)).Status.ShouldBe(OfficerStatus.Separated);
    }

    [Fact]
    public async Task an_unknown_officer_or_an_agreements_id_at_an_officer_route_is_a_404_and_the_reverse_too()
    {
        var agreement = await SignedAgreement();
        var officer = await Service.NominatedAsync(agreement, new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 2, 1)));

        await Problem($"/api/officers/{agreement}", null, HttpStatusCode.NotFound, Officer, method: "GET");
        await Problem(CommandRoute.For<CertifyOfficer>(agreement), new CertifyOfficer(new DateOnly(2019, 4, 15), null), HttpStatusCode.NotFound);
        await Problem(CommandRoute.For<SignAgreement>(officer), new SignAgreement(new DateOnly(2019, 4, 15), null, null, null), HttpStatusCode.NotFound);
        await Problem(CommandRoute.For<NominateOfficer>(officer), new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 2, 1)), HttpStatusCode.NotFound);
        await Problem($"/api/agreements/{officer}/officers", null, HttpStatusCode.NotFound, Officer, method: "GET");
        await Problem($"/api/agreements/{officer}", null, HttpStatusCode.NotFound, method: "GET");
    }

    [Fact]
    public async Task a_nomination_sent_twice_with_one_idempotency_key_nominates_once()
    {
        var agreement = await SignedAgreement();
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "nominate-dana-2019-02-01" };
        var nomination = new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 2, 1));

        var first = (await Service.PostAsync(CommandRoute.For<NominateOfficer>(agreement), nomination, HttpStatusCode.Created, headers: headers)).ReadAsJson<OfficerAccepted>()!;
        var again = await Service.PostAsync(CommandRoute.For<NominateOfficer>(agreement), nomination, HttpStatusCode.Created, headers: headers);

        again.ReadAsJson<OfficerAccepted>().ShouldBe(first);
        again.Context.Response.Headers["Idempotent-Replayed"].ToString().ShouldBe("true");
        (await Service.AllAsync<OfficerDetails>($"/api/agreements/{agreement}/officers", Officer)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_audit_feed_lists_an_officers_events_under_the_agreement_and_the_agency_and_names_no_one()
    {
        var agreement = await SignedAgreement();
        var officer = await Service.ReadyOfficerAsync(agreement, SupportModel.JEM, "Dana Deputy", "H-1207");
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var page = await Service.GetAsync<System.Text.Json.JsonElement>($"/api/audit?from={today}&to={today}&agency={Targets.Agency}", App.TokenFor(Roles.Auditor));

        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        entries.Count.ShouldBe(5);
        var officers = entries.Where(e => e.GetProperty("officerId").ValueKind != System.Text.Json.JsonValueKind.Null).ToList();
        officers.Select(e => e.GetProperty("type").GetString()).ShouldBe(["TrainingCompleted", "BackgroundInvestigationCompleted", "OfficerNominated"]);
        officers.ShouldAllBe(e => e.GetProperty("officerId").GetGuid() == officer && e.GetProperty("agreementId").GetGuid() == agreement && e.GetProperty("agencyId").GetString() == Targets.Agency);
        page.GetRawText().ShouldNotContain("Dana");
        page.GetRawText().ShouldNotContain("1207");
    }

    [Fact]
    public async Task the_officers_history_shows_who_recorded_each_event_and_the_officer_after_it_and_names_no_one()
    {
        var agreement = await SignedAgreement();
        var officer = await Service.NominatedAsync(agreement, new NominateOfficer("Dana Deputy", "H-1207", new DateOnly(2019, 2, 1)), Clerk);
        var beforeInvestigation = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await Service.OfficerAsync(officer, new RecordInvestigation(new DateOnly(2019, 3, 1), "Passed", CitizenshipConfirmed: true, ExpectedVersion: null));

        var history = await Service.GetAsync<EventSourcedAgreements.Officers.GettingHistory.OfficerHistoryEntry[]>($"/api/officers/{officer}/history", App.TokenFor(Roles.Auditor));
        (await Service.GetAsync<EventSourcedAgreements.Officers.GettingHistory.OfficerHistoryEntry[]>($"/api/officers/{officer}/history?recordedAt={Uri.EscapeDataString(beforeInvestigation.ToString("O"))}", App.TokenFor(Roles.Auditor)))
            .Select(e => e.Type).ShouldBe([nameof(OfficerNominated)]);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        (await Service.GetAsync<EventSourcedAgreements.Officers.GettingHistory.OfficerHistoryEntry[]>($"/api/officers/{officer}/history?knownAt={yesterday:yyyy-MM-dd}", App.TokenFor(Roles.Auditor))).ShouldBeEmpty();
        await Problem($"/api/officers/{officer}/history?knownAt=May%202019", null, HttpStatusCode.BadRequest, Officer, method: "GET");

        history.Select(e => (e.Version, e.Type, e.On, e.Actor, e.ActorRole, e.Source)).ShouldBe(
        [
            (1L, nameof(OfficerNominated), new DateOnly(2019, 2, 1), "Hernando records clerk", Roles.Agency, "command"),
            (2L, nameof(BackgroundInvestigationCompleted), new DateOnly(2019, 3, 1), "Pat Officer", Roles.ProgramOfficer, "command"),
        ]);
        (history[1].StateAfter.ClearedOn, history[1].StateAfter.Version).ShouldBe(((DateOnly?)new DateOnly(2019, 3, 1), 2));
        (await Service.ExchangeAsync(HttpMethod.Get, $"/api/officers/{officer}/history", expected: HttpStatusCode.OK, bearer: Officer)).ReadAsText().ShouldNotContain("Dana");
        await Problem($"/api/officers/{agreement}/history", null, HttpStatusCode.NotFound, Officer, method: "GET");
        await Problem($"/api/officers/{officer}/history", null, HttpStatusCode.Forbidden, Clerk, method: "GET");
    }
}
