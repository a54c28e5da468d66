using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Participation.Summarizing;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Participation;

/// <summary>The invariants of the time model (shared TIME-MODEL.md), over ICE's real published lists.</summary>
public sealed class InvariantTests(AppFixture app) : AppTest(app)
{
    private const string Page2019 = "ice-287g-page-2019-05-20.txt";
    private const string Roster2021 = "ice-287g-roster-2021-01-13.csv";
    private const string LasVegas = "nv-las-vegas-metropolitan-police-department";
    private const string ArizonaCorrections = "az-arizona-department-of-corrections";
    private const string May2019Sentence = "80 JEM agreements in 21 states, 10 WSO agreements in Florida";

    private static readonly (string File, string PublishedOn)[] AfterThePage2019 =
    [
        (Roster2021, "2021-01-13"),
        ("ice-287g-pending-2025-05-15.xlsx", "2025-05-15"),
        ("ice-287g-participating-2025-05-16.xlsx", "2025-05-16"),
        ("ice-287g-pending-2025-07-18.xlsx", "2025-07-18"),
        ("ice-287g-participating-2025-07-18.xlsx", "2025-07-18"),
    ];

    [Fact]
    public async Task knowledge_only_grows_the_may_2019_answer_as_known_then_survives_every_later_list()
    {
        await Import(Page2019, "2019-05-20");
        var before = await Participants("asOf=2019-05-20&knownAt=2019-05-20");
        before.Participants.Count.ShouldBe(90);
        before.Uncertain.ShouldBeEmpty();

        foreach (var (file, publishedOn) in AfterThePage2019)
        {
            await Import(file, publishedOn);
        }

        var after = await Participants("asOf=2019-05-20&knownAt=2019-05-20");
        after.Count.ShouldBe(before.Count);
        Rows(after.Participants).ShouldBe(Rows(before.Participants), ignoreOrder: true);
        Rows(after.Uncertain).ShouldBeEmpty();
        after.Participants.ShouldBeEquivalentTo(before.Participants);
    }

    [Fact]
    public async Task a_removal_counts_until_last_seen_is_uncertain_until_the_list_that_dropped_it_and_is_unknown_before_that_list()
    {
        await Import(Page2019, "2019-05-20");
        await Import(Roster2021, "2021-01-13");

        var lastSeen = await Participants("asOf=2019-05-20");
        var inForce = lastSeen.Participants.Single(p => p.AgencyId == LasVegas && p.Model == SupportModel.JEM);
        inForce.SignedOn.ShouldBe(new DateOnly(2016, 6, 28));
        inForce.InForceUntil.ShouldBe(new DateOnly(2019, 5, 21));
        lastSeen.Uncertain.ShouldNotContain(p => p.AgencyId == LasVegas);

        var between = await Participants("asOf=2020-01-01");
        between.Participants.ShouldNotContain(p => p.AgencyId == LasVegas);
        var uncertain = between.Uncertain.Single(p => p.AgencyId == LasVegas);
        uncertain.AgreementId.ShouldBe(inForce.AgreementId);
        uncertain.Model.ShouldBe(SupportModel.JEM);
        uncertain.SignedOn.ShouldBe(new DateOnly(2016, 6, 28));
        uncertain.InForceFrom.ShouldBe(new DateOnly(2019, 5, 21));
        uncertain.InForceUntil.ShouldBe(new DateOnly(2021, 1, 13));
        between.Rule.ShouldBe(ParticipantsQuery.UncertaintyRule);
        between.Count.ShouldBe(between.Participants.Count);

        var dropped = await Participants("asOf=2021-01-13");
        dropped.Participants.ShouldNotContain(p => p.AgencyId == LasVegas);
        dropped.Uncertain.ShouldNotContain(p => p.AgencyId == LasVegas);

        var beforeTheRoster = await Participants("asOf=2020-01-01&knownAt=2020-12-31");
        var stillInForce = beforeTheRoster.Participants.Single(p => p.AgencyId == LasVegas && p.Model == SupportModel.JEM);
        stillInForce.AgreementId.ShouldBe(inForce.AgreementId);
        stillInForce.SignedOn.ShouldBe(new DateOnly(2016, 6, 28));
        stillInForce.InForceUntil.ShouldBeNull();
        beforeTheRoster.Uncertain.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_renewal_keeps_one_agreement_in_force_continuously_under_the_moa_of_each_date()
    {
        await Import(Page2019, "2019-05-20");
        await Import(Roster2021, "2021-01-13");

        var may2019 = await Arizona("asOf=2019-05-20");
        may2019.SignedOn.ShouldBe(new DateOnly(2016, 6, 8));
        var january2021 = await Arizona("asOf=2021-01-13");
        january2021.SignedOn.ShouldBe(new DateOnly(2020, 6, 16));
        january2021.AgreementId.ShouldBe(may2019.AgreementId);
        january2021.MoaUrl.ShouldBeNull();
        january2021.MoaPosted.ShouldBeTrue();

        var dayBefore = await Arizona("asOf=2020-06-15");
        dayBefore.AgreementId.ShouldBe(may2019.AgreementId);
        dayBefore.SignedOn.ShouldBe(new DateOnly(2016, 6, 8));
        dayBefore.InForceUntil.ShouldBe(new DateOnly(2020, 6, 16));
        (await Arizona("asOf=2020-06-16")).SignedOn.ShouldBe(new DateOnly(2020, 6, 16));

        for (var day = new DateOnly(2016, 6, 8); day <= new DateOnly(2021, 1, 13); day = day.AddMonths(3))
        {
            var answer = await Arizona($"asOf={Day(day)}");
            answer.AgreementId.ShouldBe(may2019.AgreementId, $"as of {Day(day)}");
            answer.SignedOn.ShouldBe(day < new DateOnly(2020, 6, 16) ? new DateOnly(2016, 6, 8) : new DateOnly(2020, 6, 16), $"as of {Day(day)}");
        }

        (await Participants("asOf=2016-06-07")).Participants.ShouldNotContain(p => p.AgencyId == ArizonaCorrections);
    }

    [Fact]
    public async Task at_any_date_as_known_at_any_date_one_agreement_per_agency_and_model_is_in_force()
    {
        await Import(Page2019, "2019-05-20");
        foreach (var (file, publishedOn) in AfterThePage2019)
        {
            await Import(file, publishedOn);
        }

        string[] dates =
        [
            "2016-06-08", "2019-01-01", "2019-05-20", "2019-05-21", "2020-01-01", "2020-06-16", "2021-01-13", "2023-01-01",
            "2025-01-01", "2025-05-15", "2025-05-16", "2025-06-15", "2025-07-18", Day(DateOnly.FromDateTime(DateTime.UtcNow)),
        ];
        string?[] knownAts = [null, "2019-05-20", "2021-01-13", "2025-05-15", "2025-05-16", "2025-07-18"];
        var duplicates = new List<string>();
        var answered = 0;
        foreach (var asOf in dates)
        {
            foreach (var knownAt in knownAts)
            {
                var query = knownAt is null ? $"asOf={asOf}" : $"asOf={asOf}&knownAt={knownAt}";
                var answer = await Participants(query);
                answered += answer.Participants.Count;
                duplicates.AddRange(answer.Participants
                    .GroupBy(p => (p.AgencyId, p.Model))
                    .Where(pair => pair.Count() > 1)
                    .Select(pair => $"{query}: {pair.Key.AgencyId} {pair.Key.Model} in force under {string.Join(" and ", pair.Select(p => $"{p.AgreementId} (signed {Day(p.SignedOn)})"))}"));
            }
        }

        answered.ShouldBeGreaterThan(0);
        duplicates.ShouldBeEmpty(string.Join(Environment.NewLine, duplicates));
    }

    [Fact]
    public async Task the_may_2019_summary_as_known_then_is_still_the_pages_own_sentence_after_every_later_list()
    {
        await Import(Page2019, "2019-05-20");
        var before = await Summary("asOf=2019-05-20&knownAt=2019-05-20");
        before.Sentence.ShouldBe(May2019Sentence);

        foreach (var (file, publishedOn) in AfterThePage2019)
        {
            await Import(file, publishedOn);
        }

        var after = await Summary("asOf=2019-05-20&knownAt=2019-05-20");
        after.Sentence.ShouldBe(May2019Sentence);
        after.Totals.ShouldBe(new Tally(90, before.Totals.Agencies, 21));
        after.Uncertain.ShouldBe(0);
        after.Models.ShouldBe(before.Models);
        after.States.Select(s => (s.State, s.Total)).ShouldBe(before.States.Select(s => (s.State, s.Total)));
    }

    [Fact]
    public async Task a_list_published_today_after_a_command_recorded_today_joins_that_agreement_and_the_command_stands_from_when_it_was_recorded()
    {
        var id = await SignedAgreement();
        var today = Day(DateOnly.FromDateTime(DateTime.UtcNow));
        const string roster = "state,agency,support,signed,moa_file\nFLORIDA,Hernando County Sheriff's Office,Jail Enforcement Model,2020-06-16,287gJEM_HernandoCoFL2020-06-16.pdf\n";

        var status = await Upload(Encoding.UTF8.GetBytes(roster), "roster.csv", today);

        status.ShouldBe(HttpStatusCode.Created);
        var record = await Details(id);
        record.SignedOn.ShouldBe(new DateOnly(2019, 1, 22), "the signing recorded after the start of the list's day is the later knowledge");
        var answer = await Participants($"asOf={today}");
        answer.Uncertain.ShouldBeEmpty();
        var inForce = answer.Participants.ShouldHaveSingleItem();
        inForce.AgreementId.ShouldBe(id);
        inForce.SignedOn.ShouldBe(record.SignedOn.ShouldNotBeNull());
        var asListed = (await Participants($"asOf={today}&knownAt={Day(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1))}")).Participants;
        asListed.ShouldBeEmpty("the list's day had not begun");
        var agreements = await Service.AllAsync<EventSourcedAgreements.Agreements.Agreement>("/api/agreements");
        agreements.ShouldHaveSingleItem().Id.ShouldBe(id, "the list joins the agreement the command signed: one per agency and model");
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<(Guid AgreementId, DateOnly SignedOn, bool MoaPosted)> Rows(IEnumerable<Participant> participants) =>
        [.. participants.Select(p => (p.AgreementId, p.SignedOn, p.MoaPosted))];

    private async Task<Participant> Arizona(string query)
    {
        var answer = await Participants(query);
        answer.Uncertain.ShouldNotContain(p => p.AgencyId == ArizonaCorrections, query);
        return answer.Participants.Single(p => p.AgencyId == ArizonaCorrections && p.Model == SupportModel.JEM);
    }

    private async Task<ParticipantsAnswer> Participants(string query) =>
        (await Send($"/api/participants?{query}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!;

    private async Task<ParticipationSummary> Summary(string query) =>
        (await Send($"/api/participants/summary?{query}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipationSummary>()!;

    private async Task Import(string file, string publishedOn)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "publications", file));
        (await Upload(bytes, file, publishedOn)).ShouldBe(HttpStatusCode.Created, file);
    }

    private async Task<HttpStatusCode> Upload(byte[] bytes, string fileName, string publishedOn)
    {
        using var client = App.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Officer);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(bytes), "file", fileName },
            { new StringContent(publishedOn), "publishedOn" },
        };
        using var response = await client.PostAsync(new Uri("/api/publications", UriKind.Relative), form);
        return response.StatusCode;
    }
}
