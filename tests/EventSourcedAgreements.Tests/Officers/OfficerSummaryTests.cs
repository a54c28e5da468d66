using System.Net;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers.Summarizing;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>
/// How many officers held authority on a date, as known and as recorded at a time: counted from the authority periods
/// the officers' events keep in the same transaction; public, counts only.
/// </summary>
public sealed class OfficerSummaryTests(AppFixture app) : AppTest(app)
{
    private Task<OfficerSummary> Summary(string query) => Service.GetAsync<OfficerSummary>($"/api/officers/summary?{query}");

    [Fact]
    public async Task the_summary_counts_the_officers_authorized_on_a_date_per_model_and_state_and_names_no_one()
    {
        var hernando = await SignedAgreement();
        var wso = await SignedAgreement(HernandoJem with { Model = "WSO" });
        var harris = await SignedAgreement(new RequestAgreement("TX", "Harris County Sheriff's Office", "County", "Harris", "JEM", new DateOnly(2019, 1, 2)));
        await Service.AuthorizedOfficerAsync(hernando, SupportModel.JEM, "Avery Able");
        var revoked = await Service.AuthorizedOfficerAsync(hernando, SupportModel.JEM, "Blair Baker");
        await Service.AuthorizedOfficerAsync(wso, SupportModel.WSO, "Casey Cole");
        await Service.AuthorizedOfficerAsync(harris, SupportModel.JEM, "Drew Diaz");
        await Service.ReadyOfficerAsync(harris, SupportModel.JEM, "Emery Ellis");
        await Service.OfficerAsync(revoked, new RevokeAuthority(new DateOnly(2019, 5, 1), "Misconduct finding", null));

        var april = await Summary("asOf=2019-04-30");
        april.Sentence.ShouldBe("3 officers authorized under 2 JEM agreements in 2 states, 1 officer authorized under 1 WSO agreement in Florida");
        april.Totals.ShouldBe(new OfficerTally(Officers: 4, Agreements: 3, Agencies: 2, States: 2));
        april.States.Select(s => (s.Name, s.Total)).ShouldBe([("Florida", 3), ("Texas", 1)]);
        april.States[0].Officers.ShouldBe(new Dictionary<SupportModel, int> { [SupportModel.JEM] = 2, [SupportModel.WSO] = 1 });

        (await Summary("asOf=2019-05-01")).Totals.Officers.ShouldBe(3);
        (await Summary("asOf=2019-04-14")).Sentence.ShouldBe("No officer held 287(g) authority on 2019-04-14, as the record knows.");
        (await Summary("asOf=2019-04-30&state=Texas")).Sentence.ShouldBe("1 officer authorized under 1 JEM agreement in Texas");
        (await Summary("asOf=2019-04-30&model=WSO")).Totals.Officers.ShouldBe(1);

        var text = (await Service.ExchangeAsync(HttpMethod.Get, "/api/officers/summary?asOf=2019-04-30", expected: HttpStatusCode.OK)).ReadAsText();
        text.ShouldNotContain("Avery");
        text.ShouldNotContain(revoked.ToString());
    }

    [Fact]
    public async Task a_corrected_certification_date_moves_the_count_and_the_answer_recorded_before_keeps_the_old_date()
    {
        var agreement = await SignedAgreement();
        var officer = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM);
        var beforeCorrection = DateTimeOffset.UtcNow;
        await Task.Delay(50);

        var corrected = await Service.OfficerAsync(officer, new CorrectOfficer("certifiedOn", new DateOnly(2019, 4, 20), "The certificate says the 20th", 4));

        corrected.Version.ShouldBe(5);
        (await Summary("asOf=2019-04-17")).Totals.Officers.ShouldBe(0);
        (await Summary("asOf=2019-04-20")).Totals.Officers.ShouldBe(1);
        (await Summary($"asOf=2019-04-17&recordedAt={Uri.EscapeDataString(beforeCorrection.ToString("O"))}")).Totals.Officers.ShouldBe(1);
        (await Service.GetAsync<OfficerDetails>($"/api/officers/{officer}", Service.Token)).Officer.CertifiedOn.ShouldBe(new DateOnly(2019, 4, 20));
        var refused = await Service.ProblemAsync(HttpMethod.Post, $"/api/officers/{officer}/corrections", new CorrectOfficer("certifiedOn", new DateOnly(2019, 4, 1), "Before the course", null), HttpStatusCode.Conflict);
        refused.Title.ShouldBe("Date out of order");
    }

    [Fact]
    public async Task a_corrected_suspension_or_revocation_date_moves_the_count()
    {
        var agreement = await SignedAgreement();
        var suspended = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Avery Able");
        var revoked = await Service.AuthorizedOfficerAsync(agreement, SupportModel.JEM, "Blair Baker");
        await Service.OfficerAsync(suspended, new SuspendAuthority(new DateOnly(2019, 9, 1), "Audit", null));
        await Service.OfficerAsync(revoked, new RevokeAuthority(new DateOnly(2019, 10, 1), "Misconduct finding", null));
        (await Summary("asOf=2019-08-25")).Totals.Officers.ShouldBe(2);
        (await Summary("asOf=2019-10-10")).Totals.Officers.ShouldBe(0);

        await Service.OfficerAsync(suspended, new CorrectOfficer("suspendedOn", new DateOnly(2019, 8, 20), "The order is dated the 20th", null));
        await Service.OfficerAsync(revoked, new CorrectOfficer("endedOn", new DateOnly(2019, 10, 15), "The finding took effect on the 15th", null));

        (await Summary("asOf=2019-08-25")).Totals.Officers.ShouldBe(1);
        (await Summary("asOf=2019-10-10")).Totals.Officers.ShouldBe(1);
        (await Service.GetAsync<OfficerDetails>($"/api/officers/{suspended}", Service.Token)).Officer.SuspendedOn.ShouldBe(new DateOnly(2019, 8, 20));
        (await Service.ProblemAsync(HttpMethod.Post, $"/api/officers/{revoked}/corrections", new CorrectOfficer("suspendedOn", new DateOnly(2019, 8, 1), "Never suspended", null), HttpStatusCode.Conflict)).Title.ShouldBe("Nothing to correct");
    }

    [Fact]
    public async Task the_summary_answers_as_known_and_as_recorded_at_an_earlier_time_and_keeps_the_history_of_a_lapse()
    {
        var agreement = await SignedAgreement();
        var officer = await Service.ReadyOfficerAsync(agreement, SupportModel.JEM);
        var beforeCertification = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await Service.OfficerAsync(officer, new CertifyOfficer(new DateOnly(2019, 4, 15), null));

        (await Summary("asOf=2019-06-01")).Totals.Officers.ShouldBe(1);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        (await Summary($"asOf=2019-06-01&knownAt={yesterday:yyyy-MM-dd}")).Totals.Officers.ShouldBe(0);
        (await Summary($"asOf=2019-06-01&recordedAt={Uri.EscapeDataString(beforeCertification.ToString("O"))}")).Totals.Officers.ShouldBe(0);

        await Send(agreement, new TerminateAgreement(new DateOnly(2020, 1, 1), "ICE", "Program review", null));
        await DeadlineHost.EventuallyAsync(() => Summary("asOf=2020-06-01"), summary => summary.Totals.Officers == 0);

        (await Summary("asOf=2019-12-31")).Totals.Officers.ShouldBe(1);
    }

    [Fact]
    public async Task one_person_holds_authority_under_one_agreement_of_the_agency_on_any_day_even_when_dates_are_recorded_late()
    {
        var jem = await SignedAgreement();
        var wso = await SignedAgreement(HernandoJem with { Model = "WSO" });
        var first = await Service.AuthorizedOfficerAsync(jem, SupportModel.JEM, "Dana Deputy", "H-1207");
        var second = await Service.ReadyOfficerAsync(wso, SupportModel.WSO, "Dana Deputy", "H-1207");
        await Service.OfficerAsync(first, new RevokeAuthority(new DateOnly(2019, 5, 1), "Moved to the WSO program", null));
        var before = await App.CountEventsAsync();
        // Marten keeps one schema feature per type: each exclusion constraint is a type of its own, or it is never created.
        (await App.CountAsync($"select count(*) from pg_constraint where conname in ('{OfficersFeature.OneAuthorityConstraint}', '{EventSourcedAgreements.Participation.OneInForceSchema.ConstraintName}')")).ShouldBe(2);

        // Certified under the WSO agreement from a day the JEM authority still held: the database refuses the overlap.
        var refused = await Problem(CommandRoute.For<CertifyOfficer>(second), new CertifyOfficer(new DateOnly(2019, 4, 20), null), HttpStatusCode.Conflict);

        refused.Title.ShouldBe("Authorized under another agreement");
        (await App.CountEventsAsync()).ShouldBe(before);
        (await Service.OfficerAsync(second, new CertifyOfficer(new DateOnly(2019, 5, 1), null))).Status.ShouldBe(OfficerStatus.Authorized);
    }

    [Fact]
    public async Task the_participation_summary_and_list_count_officers_only_where_the_record_knows_officers()
    {
        var hernando = await SignedAgreement();
        var harris = await SignedAgreement(new RequestAgreement("TX", "Harris County Sheriff's Office", "County", "Harris", "JEM", new DateOnly(2019, 1, 2)));

        // No officer on record: ICE's layout, as published.
        (await Service.GetAsync<System.Text.Json.JsonElement>("/api/participants/summary?asOf=2019-06-01")).TryGetProperty("officers", out var _).ShouldBeFalse();
        (await Csv("/api/participants?asOf=2019-06-01"))[0].ShouldBe(EventSourcedAgreements.Participation.GettingParticipants.GetParticipantsEndpoint.CsvHeader);

        await Service.AuthorizedOfficerAsync(hernando, SupportModel.JEM);

        var summary = await Service.GetAsync<EventSourcedAgreements.Participation.Summarizing.ParticipationSummary>("/api/participants/summary?asOf=2019-06-01");
        summary.Officers.ShouldBe(new OfficerTally(Officers: 1, Agreements: 1, Agencies: 1, States: 1));
        (await Service.GetAsync<EventSourcedAgreements.Participation.Summarizing.ParticipationSummary>("/api/participants/summary?asOf=2019-04-01")).Officers.ShouldBe(new OfficerTally(0, 0, 0, 0));
        var participants = await Service.GetAsync<EventSourcedAgreements.Participation.GettingParticipants.ParticipantsAnswer>("/api/participants?asOf=2019-06-01");
        participants.Participants.Single(p => p.AgreementId == hernando).AuthorizedOfficers.ShouldBe(1);
        participants.Participants.Single(p => p.AgreementId == harris).AuthorizedOfficers.ShouldBeNull();
        var csv = await Csv("/api/participants?asOf=2019-06-01");
        csv[0].ShouldBe($"{EventSourcedAgreements.Participation.GettingParticipants.GetParticipantsEndpoint.CsvHeader},AUTHORIZED OFFICERS");
        csv.Single(line => line.Contains("Hernando County Sheriff", StringComparison.Ordinal)).ShouldEndWith(",1");
        csv.Single(line => line.Contains("Harris County Sheriff", StringComparison.Ordinal)).ShouldEndWith(",");
    }

    private async Task<string[]> Csv(string url) =>
        (await Service.ExchangeAsync(HttpMethod.Get, url, expected: HttpStatusCode.OK, headers: new Dictionary<string, string> { ["Accept"] = "text/csv" }))
            .ReadAsText().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
}
