using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Agreements.GettingHistory;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Publications;
using EventSourcedAgreements.Publications.GettingPublications;
using EventSourcedAgreements.Publications.Reading;
using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Tests.Publications.Reading;
using Microsoft.AspNetCore.Mvc;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Publications;

public sealed class ImportTests(AppFixture app) : AppTest(app)
{
    private const string Page2019 = "ice-287g-page-2019-05-20.txt";
    private const string Roster2021 = "ice-287g-roster-2021-01-13.csv";
    private const string LasVegas = "nv-las-vegas-metropolitan-police-department";

    [Fact]
    public async Task what_an_import_over_http_records_names_the_role_the_importer_acted_in()
    {
        (await ImportPublished(Page2019, "2019-05-20")).Status.ShouldBe(HttpStatusCode.Created);

        var agreement = (await Service.GetAsync<ParticipantsAnswer>("/api/participants?asOf=2019-05-20")).Participants[0].AgreementId;
        var lifecycle = await Service.GetAsync<List<EventSourcedAgreements.Agreements.GettingLifecycle.LifecycleEntry>>($"/api/agreements/{agreement}/lifecycle");
        var history = await Service.GetAsync<List<HistoryEntry>>($"/api/agreements/{agreement}/history", Officer);

        lifecycle.ShouldAllBe(entry => entry.ActorRole == ProgramOfficer);
        history.ShouldAllBe(entry => entry.ActorRole == ProgramOfficer && entry.Actor == "Pat Officer");
    }

    [Fact]
    public async Task an_import_without_a_token_is_a_401_and_imports_nothing()
    {
        using var form = Form(await PublishedBytes(Page2019), Page2019, "2019-05-20");
        using var response = await Post(form, token: null);

        await ShouldBeProblem(response, HttpStatusCode.Unauthorized);
        await ShouldHoldNothing();
    }

    [Theory]
    [InlineData(Auditor)]
    [InlineData(Agency)]
    public async Task an_import_by_anyone_but_the_program_office_is_a_403_and_imports_nothing(string role)
    {
        using var form = Form(await PublishedBytes(Page2019), Page2019, "2019-05-20");
        using var response = await Post(form, App.TokenFor(role, role == Agency ? LasVegas : null));

        await ShouldBeProblem(response, HttpStatusCode.Forbidden);
        await ShouldHoldNothing();
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 }, "is a PNG image, not a list of participants")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A, 0xE2, 0xE3 }, "is a PDF document (an MOA, perhaps), not a list of participants")]
    [InlineData(new byte[] { 0x53, 0x54, 0x41, 0x54, 0x45, 0xFE, 0x00 }, "is not text in UTF-8 (byte 6 is 0xFE), not a list of participants")]
    public async Task a_file_that_is_not_text_is_a_422_that_says_what_it_is_and_what_to_upload(byte[] bytes, string says)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "participants.csv" }, { new StringContent("2019-05-20"), "publishedOn" } };
        using var response = await Post(form, Officer);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var detail = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail!;
        detail.ShouldContain(says);
        detail.ShouldContain("upload ICE's 287(g) spreadsheet (.xlsx), a CSV list");
        detail.ShouldNotContain("Unable to translate");
        await ShouldHoldNothing();
    }

    [Fact]
    public async Task an_import_without_a_file_is_a_400_naming_the_file()
    {
        using var form = new MultipartFormDataContent { { new StringContent("2019-05-20"), "publishedOn" } };
        using var response = await Post(form, Officer);

        await ShouldBeInvalid(response, "file");
        await ShouldHoldNothing();
    }

    [Fact]
    public async Task an_import_of_an_empty_file_is_a_400_naming_the_file()
    {
        using var form = Form([], Page2019, "2019-05-20");
        using var response = await Post(form, Officer);

        await ShouldBeInvalid(response, "file");
        await ShouldHoldNothing();
    }

    [Fact]
    public async Task an_import_that_is_not_multipart_is_a_400_naming_the_file()
    {
        using var json = JsonContent.Create(new { file = "ice-287g-page-2019-05-20.txt", publishedOn = "2019-05-20" });
        using var response = await Post(json, Officer);

        await ShouldBeInvalid(response, "file");
        await ShouldHoldNothing();
    }

    [Fact]
    public async Task a_multipart_body_that_cannot_be_read_is_a_400_problem()
    {
        using var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nstate,agen");
        broken.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data");
        using var response = await Post(broken, Officer);

        var problem = await ShouldBeProblem(response, HttpStatusCode.BadRequest);
        problem.Title.ShouldBe("Unreadable form");
        await ShouldHoldNothing();
    }

    [Fact]
    public async Task a_list_dated_after_today_is_a_400_naming_published_on()
    {
        using var form = Form(await PublishedBytes(Page2019), Page2019, DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        using var response = await Post(form, Officer);

        await ShouldBeInvalid(response, "publishedOn");
        await ShouldHoldNothing();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2019-05")]
    [InlineData("2019-02-30")]
    [InlineData("05/20/2019")]
    public async Task an_import_without_a_calendar_day_as_its_publication_date_is_a_400_naming_published_on(string? publishedOn)
    {
        using var form = Form(await PublishedBytes(Page2019), Page2019, publishedOn);
        using var response = await Post(form, Officer);

        await ShouldBeInvalid(response, "publishedOn");
        await ShouldHoldNothing();
    }

    [Theory]
    [InlineData("x.xlsx", "random")]
    [InlineData("x.csv", "random")]
    [InlineData("x.bin", "random")]
    [InlineData("notes.txt", "text")]
    [InlineData("notes.csv", "text")]
    [InlineData("notes", "text")]
    public async Task an_unreadable_file_is_a_422_and_imports_nothing(string fileName, string content)
    {
        var bytes = content == "random" ? RandomBytes() : Encoding.UTF8.GetBytes("Minutes of the county board\nNothing here is a list of agreements.\n");
        using var form = Form(bytes, fileName, "2019-05-20");
        using var response = await Post(form, Officer);

        var problem = await ShouldBeProblem(response, HttpStatusCode.UnprocessableEntity);
        problem.Title.ShouldBe("Unreadable publication");
        problem.Detail.ShouldNotBeNull();
        problem.Detail.ShouldStartWith($"{fileName}: ");
        problem.Detail.ShouldEndWith("Nothing was imported.");
        await ShouldHoldNothing();
    }

    [Fact]
    public async Task a_participating_list_with_no_rows_is_a_422_and_ends_nothing_unless_confirmed()
    {
        using (var first = await Import("ice-287g-page-2019-05-20.txt", "2019-05-20"))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var empty = Encoding.UTF8.GetBytes("state,agency,support,signed,moa_file\n");
        using (var form = Form(empty, "roster.csv", "2021-01-13"))
        using (var response = await Post(form, Officer))
        {
            var problem = await ShouldBeProblem(response, HttpStatusCode.UnprocessableEntity);
            problem.Title.ShouldBe("Empty publication");
            problem.Detail.ShouldBe("roster.csv holds no participating agency that could be read, so it would end every agreement in force; send confirmEmpty=true if ICE really published it empty. Nothing was imported.");
        }

        (await Service.AllAsync<Agreement>("/api/agreements?status=Active")).Count.ShouldBe(90);

        using (var form = Form(empty, "roster.csv", "2021-01-13"))
        using (var response = await Post(form, Officer, "?confirmEmpty=true"))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
            Tally(report.Counts).ShouldBe([(ChangeKind.Delisted, 90)]);
        }

        (await Service.AllAsync<Agreement>("/api/agreements?status=Active")).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_list_older_than_one_already_imported_is_reconciled_as_of_its_own_date()
    {
        (await Import(Roster2021, "2021-01-13")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var roster = await Participants("2021-01-13", "2021-01-13");

        using var response = await Import(Page2019, "2019-05-20");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        report.Rows.ShouldBe(90);
        var lasVegas = report.Lines.Where(l => l.AgencyId == LasVegas).ToList();
        lasVegas.Select(l => l.Kind).ShouldBe([ChangeKind.New, ChangeKind.LearnedLater], ignoreOrder: true);
        lasVegas.Single(l => l.Kind == ChangeKind.LearnedLater).Detail.ShouldBe(
            "The list of 2021-01-13 (imported before this one) meets it: Delisted, On the list of 2019-05-20, not on this one: ended at an unknown date after 2019-05-20 and before 2021-01-13.");
        (await Participants("2019-05-20", "2019-05-20")).Count.ShouldBe(90);
        (await Participants("2019-05-20", "2019-05-20")).ShouldContain(p => p.AgencyId == LasVegas);
        (await Participants("2021-01-13", "2021-01-13")).ShouldBe(roster, "the later list's answer as known on its date is the same rows");
        (await Participants("2021-01-13", "2021-01-13")).ShouldNotContain(p => p.AgencyId == LasVegas);
        var agreements = await Service.AllAsync<Agreement>("/api/agreements");
        agreements.GroupBy(a => (a.AgencyId, a.Model)).ShouldAllBe(pair => pair.Count() == 1, "a list meets the agreements a later list started instead of starting them again");
    }

    [Fact]
    public async Task an_amendment_then_an_older_list_both_stand_and_the_amendment_lifts_the_lists_delisting()
    {
        (await Import(Page2019, "2019-05-20")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var lasVegas = (await Service.AllAsync<Agreement>($"/api/agreements?state=NV&model=JEM")).Single(a => a.AgencyId == LasVegas);
        await Send(CommandRoute.For<AmendAgreement>(lasVegas.Id), new AmendAgreement(new DateOnly(2026, 3, 1), "Adds the county jail annex", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), Officer, HttpStatusCode.OK);

        using var response = await Import(Roster2021, "2021-01-13");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        report.Lines.Where(l => l.AgreementId == lasVegas.Id).Select(l => (l.Kind, l.Detail)).ShouldBe(
        [
            (ChangeKind.Delisted, "On the list of 2019-05-20, not on this one: ended at an unknown date after 2019-05-20 and before 2021-01-13."),
            (ChangeKind.LearnedLater, "The record learned later that it is Active, the MOA in force signed 2016-06-28; what this list shows stands as known on 2021-01-13."),
        ]);
        var asKnownThen = await Participants("2021-01-13", "2021-01-13");
        asKnownThen.Count.ShouldBe(150);
        asKnownThen.ShouldNotContain(p => p.AgencyId == LasVegas);
        (await Participants("2021-01-13", knownAt: null)).ShouldContain(p => p.AgencyId == LasVegas, "the amendment recorded later says it was alive");
        (await Details(lasVegas.Id)).Status.ShouldBe(AgreementStatus.Active);
        var history = (await Send($"/api/agreements/{lasVegas.Id}/history", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<List<HistoryEntry>>()!;
        history.Select(e => e.Type).ShouldBe(["AgreementRequested", "AgreementSigned", "AgreementDelisted", "AgreementAmended"]);
        history[2].StateAfter.Status.ShouldBe(AgreementStatus.Delisted);
        history[3].StateAfter.Status.ShouldBe(AgreementStatus.Active);
    }

    [Fact]
    public async Task a_list_dated_before_a_request_recorded_for_one_of_its_rows_signs_that_request_as_of_its_date()
    {
        var id = await Requested();

        using var response = await Import(Page2019, "2019-05-20");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        report.Counts[ChangeKind.New].ShouldBe(90);
        report.Lines.Where(l => l.AgreementId == id).Select(l => l.Kind).ShouldBe([ChangeKind.New]);
        var hernando = await Details(id);
        hernando.Status.ShouldBe(AgreementStatus.Active);
        hernando.Version.ShouldBe(3);
        (await Participants("2019-05-20", "2019-05-20")).ShouldContain(p => p.AgreementId == id);
        var events = await Events(id);
        events.Select(e => e.Data.GetType().Name).ShouldBe(["AgreementRequested", "AgreementRequested", "AgreementSigned"]);
        EventSourcedAgreements.Participation.Knowledge.Source(events[0]).ShouldBe(EventSourcedAgreements.Participation.Knowledge.CommandSource);
        EventSourcedAgreements.Participation.Knowledge.KnownAt(events[2]).ShouldBe(EventSourcedAgreements.Participation.Knowledge.StartOf(new DateOnly(2019, 5, 20)));
        var agreements = await Service.AllAsync<Agreement>("/api/agreements");
        agreements.Count.ShouldBe(90);
    }

    [Fact]
    public async Task a_list_signing_a_request_it_knew_beside_one_a_command_opened_before_the_import_imports_and_reports_both_open()
    {
        // Found by ListsAndCommandsPropertyTests. Lyon County's WSO request is on the pending list of May 2025 and gone
        // from the pending list of July; the office, not knowing the participating list of July yet, records another
        // request for it. That list shows it signed: it signs the request it knew of on its date (the command is known
        // later), and both stay open, reported, for the office to close one.
        foreach (var (file, publishedOn) in new[] { ("ice-287g-pending-2025-05-15.xlsx", "2025-05-15"), ("ice-287g-participating-2025-05-16.xlsx", "2025-05-16"), ("ice-287g-pending-2025-07-18.xlsx", "2025-07-18") })
        {
            (await Import(file, publishedOn)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var request = await Requested(new RequestAgreement("NV", "Lyon County Sheriff's Office", AgencyType: null, County: null, "WSO", new DateOnly(2020, 3, 13)));

        using var response = await Import("ice-287g-participating-2025-07-18.xlsx", "2025-07-18");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        var beside = report.Lines.Where(l => l.Kind == ChangeKind.LearnedLater && l.AgencyId == "nv-lyon-county-sheriffs-office" && l.Model == SupportModel.WSO).ShouldHaveSingleItem();
        beside.Detail.ShouldContain($"beside agreement {request} (Requested, requested 2020-03-13), which a command opened before this list was imported");
        var signed = await Details(beside.AgreementId!.Value);
        (signed.Status, signed.RequestedOn).ShouldBe((AgreementStatus.Active, new DateOnly(2025, 5, 15)));
        (await Details(request)).Status.ShouldBe(AgreementStatus.Requested);
        (await Participants("2025-07-18", "2025-07-18")).Where(p => p.AgencyId == "nv-lyon-county-sheriffs-office" && p.Model == SupportModel.WSO).ShouldHaveSingleItem().AgreementId.ShouldBe(signed.Id);
    }

    [Fact]
    public async Task an_older_list_showing_an_agreement_in_force_when_a_command_recorded_another_ends_it_before_the_other_as_known_since_the_command()
    {
        // Found by ListsAndCommandsPropertyTests. The office records Las Vegas Metro's JEM agreement signed in 2022; the
        // July 2025 list does not show it; the 2019 page, imported last, shows a JEM agreement of 2016 that no list
        // imported says ended before 2025. As known on 2019-05-20 the page stands; as known since the signing was
        // recorded, the 2016 agreement had ended by 2022-10-06.
        var signed = await SignedAgreement(new RequestAgreement("NV", "Las Vegas Metropolitan Police Department", AgencyType: null, County: null, "JEM", new DateOnly(2021, 12, 11)), signedOn: new DateOnly(2022, 10, 6), expiresOn: new DateOnly(2025, 8, 6));
        (await Import("ice-287g-participating-2025-07-18.xlsx", "2025-07-18")).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var response = await Import(Page2019, "2019-05-20");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        var ended = report.Lines.Where(l => l.Kind == ChangeKind.LearnedLater && l.AgencyId == LasVegas && l.Detail.StartsWith("Agreement ", StringComparison.Ordinal)).ShouldHaveSingleItem();
        ended.Detail.ShouldStartWith($"Agreement {signed} of the same agency and support model was recorded in force from 2022-10-06");
        var listed = ended.AgreementId!.Value;
        (await Participants("2019-05-20", "2019-05-20")).Where(p => p.AgencyId == LasVegas).ShouldHaveSingleItem().AgreementId.ShouldBe(listed);
        (await Participants("2019-05-20", null)).Where(p => p.AgencyId == LasVegas).ShouldHaveSingleItem().AgreementId.ShouldBe(listed);
        (await Participants("2022-10-06", null)).Where(p => p.AgencyId == LasVegas).ShouldHaveSingleItem().AgreementId.ShouldBe(signed);
        var details = await Details(listed);
        (details.Status, details.EndedOn).ShouldBe((AgreementStatus.Delisted, new DateOnly(2022, 10, 6)));

        (await Import(Roster2021, "2021-01-13")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Details(listed)).EndedOn.ShouldBe(new DateOnly(2021, 1, 13));
        (await Participants("2022-10-06", null)).Where(p => p.AgencyId == LasVegas).ShouldHaveSingleItem().AgreementId.ShouldBe(signed);
    }

    [Fact]
    public async Task a_list_with_a_gap_imported_after_a_list_showing_an_moa_signed_after_the_gap_makes_two_agreements_as_in_date_order()
    {
        // Found by ListsAndCommandsPropertyTests: Lyon County's JEM agreement is on the 2019 page, not on the 2021 roster,
        // and on the July 2025 list under an MOA signed 2025-06-03. In date order that is a new agreement; imported with
        // the roster last, the July list's renewal must not lift the roster's delisting.
        foreach (var (file, publishedOn) in new[] { (Page2019, "2019-05-20"), ("ice-287g-participating-2025-07-18.xlsx", "2025-07-18"), (Roster2021, "2021-01-13") })
        {
            (await Import(file, publishedOn)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        const string lyon = "nv-lyon-county-sheriffs-office";
        var listed2019 = (await Participants("2019-05-20", null)).Where(p => p.AgencyId == lyon).ShouldHaveSingleItem();
        (listed2019.InForceFrom, listed2019.InForceUntil).ShouldBe((new DateOnly(2018, 5, 4), new DateOnly(2019, 5, 21)));
        var listed2025 = (await Participants("2025-07-18", null)).Where(p => p.AgencyId == lyon && p.Model == SupportModel.JEM).ShouldHaveSingleItem();
        listed2025.AgreementId.ShouldNotBe(listed2019.AgreementId);
        (await Details(listed2019.AgreementId)).Status.ShouldBe(AgreementStatus.Delisted);
    }

    [Fact]
    public async Task a_signing_date_the_evidence_does_not_support_is_shown_disputed_until_a_list_moves_it()
    {
        const string gap = "SIGNED 2016-03-19 falls between the Task Force Model's end (2012-12-31) and its return in 2025";
        await ImportWorkbook("2026-04-01", ["FLORIDA", "Marion County Sheriff's Office", "County", "Marion County", "Task Force Model", "2016-03-19", "link pending"]);

        var disputed = (await Participants("2026-04-01", null)).ShouldHaveSingleItem();
        (disputed.SignedOn, disputed.SigningDispute).ShouldBe((new DateOnly(2016, 3, 19), gap));
        (await Details(disputed.AgreementId)).DisputedSigning.ShouldBe(gap);
        var history = (await Send($"/api/agreements/{disputed.AgreementId}/history", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET")).ReadAsJson<List<HistoryEntry>>()!;
        history.Select(e => (e.Type, e.Reason)).ShouldContain(("SigningDateDisputed", gap));

        await ImportWorkbook("2026-05-01", ["FLORIDA", "Marion County Sheriff's Office", "County", "Marion County", "Task Force Model", "2026-03-19", "link pending"]);

        var moved = (await Participants("2026-05-01", null)).ShouldHaveSingleItem();
        (moved.AgreementId, moved.SignedOn, moved.SigningDispute).ShouldBe((disputed.AgreementId, new DateOnly(2026, 3, 19), null));
        (await Details(disputed.AgreementId)).DisputedSigning.ShouldBeNull();
        (await Participants("2026-04-01", "2026-04-01")).ShouldHaveSingleItem().SigningDispute.ShouldBe(gap);
    }

    private async Task ImportWorkbook(string publishedOn, TestCell?[] row)
    {
        using var workbook = TestWorkbook.Build(TestWorkbook.ParticipatingHeader, row);
        using var form = Form(workbook.ToArray(), $"participating-{publishedOn}.xlsx", publishedOn);
        using var response = await Post(form, Officer);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_row_signed_under_another_moa_than_an_agreement_a_command_signed_is_another_agreement()
    {
        // Found by ListsAndCommandsPropertyTests: the office signs Boca Raton's TFM agreement in February 2025, expiring in
        // March; the May 2025 list, imported after, shows one signed 2025-03-25. In date order these are two agreements.
        var signed = await SignedAgreement(new RequestAgreement("FL", "Boca Raton Police Department", AgencyType: null, County: null, "TFM", new DateOnly(2024, 12, 15)), signedOn: new DateOnly(2025, 2, 15), expiresOn: new DateOnly(2025, 3, 8));

        (await Import("ice-287g-participating-2025-05-16.xlsx", "2025-05-16")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var listed = (await Participants("2025-05-14", null)).Where(p => p.AgencyId == "fl-boca-raton-police-department").ShouldHaveSingleItem();
        listed.AgreementId.ShouldNotBe(signed);
        (listed.SignedOn, listed.InForceFrom).ShouldBe((new DateOnly(2025, 3, 25), new DateOnly(2025, 3, 25)));
        (await Events(signed)).Count.ShouldBe(2);
        (await Participants("2025-03-01", null)).Where(p => p.AgencyId == "fl-boca-raton-police-department").ShouldHaveSingleItem().AgreementId.ShouldBe(signed);
    }

    [Fact]
    public async Task an_older_list_imports_beside_agreements_recorded_later_that_it_does_not_concern()
    {
        var marion = await Requested(new RequestAgreement("FL", "Marion County Sheriff's Office", AgencyType: null, County: null, "JEM", new DateOnly(2026, 1, 5)));

        using var response = await Import(Page2019, "2019-05-20");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        report.Counts[ChangeKind.New].ShouldBe(90);
        report.Lines.ShouldNotContain(l => l.AgreementId == marion);
        (await Events(marion)).Count.ShouldBe(1);
        (await Details(marion)).Status.ShouldBe(EventSourcedAgreements.Agreements.AgreementStatus.Requested);
    }

    [Fact]
    public async Task a_dry_run_reports_what_the_import_would_do_and_stores_nothing()
    {
        using var response = await Import(Page2019, "2019-05-20", dryRun: true);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Location.ShouldBeNull();
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        report.DryRun.ShouldBeTrue();
        report.AlreadyImported.ShouldBeFalse();
        report.PublishedOn.ShouldBe(new DateOnly(2019, 5, 20));
        report.Kind.ShouldBe(PublicationKind.Participating);
        report.FileName.ShouldBe(Page2019);
        report.Sha256.ShouldBe(await Sha256Of(Page2019));
        report.Rows.ShouldBe(90);
        Tally(report.Counts).ShouldBe([(ChangeKind.New, 90)]);
        report.Lines.Count.ShouldBe(90);
        report.Lines.ShouldAllBe(line => line.Kind == ChangeKind.New && line.AgreementId != null);

        await ShouldHoldNothing();
        await Send($"/api/publications/{report.PublicationId}", null, null, HttpStatusCode.NotFound, "GET");
        await Send($"/api/agreements/{report.Lines[0].AgreementId}", null, null, HttpStatusCode.NotFound, "GET");
        var participants = (await Send("/api/participants?asOf=2019-05-20", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!;
        participants.Participants.ShouldBeEmpty();
        participants.Uncertain.ShouldBeEmpty();
    }

    [Fact]
    public async Task the_2021_roster_after_the_2019_page_reports_each_kind_of_change_and_delists_what_is_gone()
    {
        (await Import(Page2019, "2019-05-20")).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var response = await Import(Roster2021, "2021-01-13");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = (await response.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        response.Headers.Location.ShouldBe(new Uri($"/api/publications/{report.PublicationId}", UriKind.Relative));
        report.DryRun.ShouldBeFalse();
        report.AlreadyImported.ShouldBeFalse();
        report.PublishedOn.ShouldBe(new DateOnly(2021, 1, 13));
        report.Kind.ShouldBe(PublicationKind.Participating);
        report.Rows.ShouldBe(150);
        Tally(report.Counts).ShouldBe(
        [
            (ChangeKind.New, 73),
            (ChangeKind.Renewed, 63),
            (ChangeKind.LinkChanged, 10),
            (ChangeKind.Delisted, 13),
            (ChangeKind.Unchanged, 4),
            (ChangeKind.Interpreted, 1),
        ]);
        Tally(report.Lines.GroupBy(l => l.Kind).ToDictionary(g => g.Key, g => g.Count())).ShouldBe(Tally(report.Counts));

        var delisted = report.Lines.Single(l => l.AgencyId == LasVegas && l.Model == SupportModel.JEM);
        delisted.Kind.ShouldBe(ChangeKind.Delisted);
        delisted.Line.ShouldBeNull();
        delisted.Detail.ShouldBe("On the list of 2019-05-20, not on this one: ended at an unknown date after 2019-05-20 and before 2021-01-13.");
        var id = delisted.AgreementId!.Value;

        var details = await Details(id);
        details.Status.ShouldBe(AgreementStatus.Delisted);
        details.AgencyId.ShouldBe(LasVegas);
        details.Model.ShouldBe(SupportModel.JEM);
        details.SignedOn.ShouldBe(new DateOnly(2016, 6, 28));
        details.EndedOn.ShouldBe(new DateOnly(2021, 1, 13));
        details.EndReason.ShouldBe("No longer on the list published 2021-01-13; last seen on the list of 2019-05-20.");

        var history = (await Send($"/api/agreements/{id}/history", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET")).ReadAsJson<List<HistoryEntry>>()!;
        history.Select(h => h.Type).ShouldBe(["AgreementRequested", "AgreementSigned", "AgreementDelisted"]);
        history.ShouldAllBe(h => h.Actor == "Pat Officer");
        var last = history[^1];
        last.Version.ShouldBe(3);
        last.On.ShouldBe(new DateOnly(2021, 1, 13));
        var data = (JsonElement)last.Data;
        data.GetProperty("lastSeenOn").GetString().ShouldBe("2019-05-20");
        data.GetProperty("firstMissingOn").GetString().ShouldBe("2021-01-13");
    }

    [Fact]
    public async Task the_publications_are_listed_in_date_order_each_with_its_report()
    {
        using var first = await Import(Page2019, "2019-05-20");
        var firstReport = (await first.Content.ReadFromJsonAsync<ImportReport>(Json))!;
        using var second = await Import(Roster2021, "2021-01-13");
        var secondReport = (await second.Content.ReadFromJsonAsync<ImportReport>(Json))!;

        var publications = (await Send("/api/publications", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<List<PublicationSummary>>()!;

        publications.Select(p => (p.Id, p.PublishedOn, p.FileName, p.Kind, p.Rows, p.ImportedBy)).ShouldBe(
        [
            (firstReport.PublicationId, new DateOnly(2019, 5, 20), Page2019, PublicationKind.Participating, 90, "Pat Officer"),
            (secondReport.PublicationId, new DateOnly(2021, 1, 13), Roster2021, PublicationKind.Participating, 150, "Pat Officer"),
        ]);
        publications[0].Sha256.ShouldBe(await Sha256Of(Page2019));
        publications[1].Sha256.ShouldBe(await Sha256Of(Roster2021));
        Tally(publications[0].Counts).ShouldBe(Tally(firstReport.Counts));
        Tally(publications[1].Counts).ShouldBe(Tally(secondReport.Counts));
        publications[0].ImportedAt.ShouldBeLessThanOrEqualTo(publications[1].ImportedAt);

        foreach (var expected in new[] { firstReport, secondReport })
        {
            var stored = (await Send($"/api/publications/{expected.PublicationId}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ImportReport>()!;
            Tally(stored.Counts).ShouldBe(Tally(expected.Counts));
            (stored with { Counts = expected.Counts }).ShouldBeEquivalentTo(expected);
        }
    }

    [Fact]
    public async Task an_unknown_publication_is_a_404()
    {
        (await Import(Page2019, "2019-05-20")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var unknown = Guid.CreateVersion7();

        var problem = await Problem($"/api/publications/{unknown}", null, HttpStatusCode.NotFound, token: null, method: "GET");

        problem.Title.ShouldBe("Unknown publication");
        problem.Detail.ShouldBe($"No imported publication has the id {unknown}.");
    }

    private async Task<List<Participant>> Participants(string asOf, string? knownAt) =>
        (await Send($"/api/participants?asOf={asOf}{(knownAt is null ? string.Empty : $"&knownAt={knownAt}")}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!.Participants.ToList();

    private static List<(ChangeKind Kind, int Count)> Tally(IReadOnlyDictionary<ChangeKind, int> counts) =>
        [.. counts.OrderBy(c => c.Key).Select(c => (c.Key, c.Value))];

    private sealed record StoreSnapshot(List<PublicationSummary> Publications, List<Agreement> Agreements);

    private async Task<StoreSnapshot> Snapshot() => new(
        (await Send("/api/publications", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<List<PublicationSummary>>()!,
        [.. (await Service.AllAsync<Agreement>("/api/agreements")).OrderBy(a => a.Id)]);

    private async Task ShouldHoldNothing()
    {
        var snapshot = await Snapshot();
        snapshot.Publications.ShouldBeEmpty();
        snapshot.Agreements.ShouldBeEmpty();
    }

    private static async Task<ProblemDetails> ShouldBeProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>(Json))!;
        problem.Status.ShouldBe((int)expected);
        return problem;
    }

    private static async Task ShouldBeInvalid(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json))!;
        problem.Status.ShouldBe(400);
        problem.Title.ShouldBe("Invalid input");
        problem.Errors.Keys.ShouldBe([field]);
        problem.Errors[field].ShouldNotBeEmpty();
    }

    private async Task<HttpResponseMessage> Post(HttpContent content, string? token, string query = "")
    {
        using var client = App.Host.Server.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.PostAsync(new Uri($"/api/publications{query}", UriKind.Relative), content);
    }

    private async Task<HttpResponseMessage> Import(string file, string publishedOn, bool dryRun = false)
    {
        using var form = Form(await PublishedBytes(file), file, publishedOn);
        return await Post(form, Officer, dryRun ? "?dryRun=true" : string.Empty);
    }

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string? publishedOn)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        if (publishedOn is not null)
        {
            form.Add(new StringContent(publishedOn), "publishedOn");
        }

        return form;
    }

    private static string PublishedPath(string file) => Path.Combine(AppContext.BaseDirectory, "Data", "publications", file);

    private static Task<byte[]> PublishedBytes(string file) => File.ReadAllBytesAsync(PublishedPath(file));

    private static async Task<string> Sha256Of(string file) => Convert.ToHexStringLower(SHA256.HashData(await PublishedBytes(file)));

    private static byte[] RandomBytes()
    {
        var bytes = new byte[4096];
#pragma warning disable CA5394 // Deterministic noise, not security.
        new Random(287).NextBytes(bytes);
#pragma warning restore CA5394
        bytes[0] = 0xFF;
        return bytes;
    }
}
