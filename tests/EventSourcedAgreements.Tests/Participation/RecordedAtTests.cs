using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Participation;

/// <summary>
/// The recorded axis: <c>recordedAt=T</c> answers exactly what the service answered at T, from what it had recorded by
/// then, whatever was imported or recorded after (lists dated before T included).
/// </summary>
public sealed class RecordedAtTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task answers_taken_before_a_late_list_and_an_older_list_come_back_the_same_with_recorded_at()
    {
        (await ImportPublished("ice-287g-roster-2021-01-13.csv", "2021-01-13")).Status.ShouldBe(HttpStatusCode.Created);
        var arizona = await AgreementOf("az-arizona-department-of-corrections");
        await Send(arizona, new AmendAgreement(new DateOnly(2021, 3, 1), "Adds the state prison annex", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        var questions = Questions(arizona);
        var before = new Dictionary<string, string>();
        foreach (var question in questions)
        {
            before[question] = await Answer(question);
        }

        await Task.Delay(20);
        var recordedAt = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        (await ImportPublished("ice-287g-participating-2025-05-16.xlsx", "2025-05-16")).Status.ShouldBe(HttpStatusCode.Created);
        (await ImportPublished("ice-287g-page-2019-05-20.txt", "2019-05-20")).Status.ShouldBe(HttpStatusCode.Created);
        await Send(arizona, new AmendAgreement(new DateOnly(2021, 4, 1), "Adds a second annex", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));

        var changed = 0;
        foreach (var question in questions)
        {
            if (await Answer(question) != before[question])
            {
                changed++;
            }

            var separator = question.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var asked = $"{question}{separator}recordedAt={Uri.EscapeDataString(recordedAt.ToString("O", CultureInfo.InvariantCulture))}";
            (await Answer(asked)).ShouldBe(before[question], asked);
        }

        changed.ShouldBe(questions.Length, "every answer changed since, so the same answer back comes from recordedAt");
    }

    [Fact]
    public async Task an_answer_recorded_before_an_agreement_existed_does_not_know_it_and_a_moment_that_cannot_be_read_is_a_400()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await SignedAgreement();

        var answer = (await Send($"/api/participants?asOf=2019-06-01&recordedAt={Uri.EscapeDataString(before.ToString("O", CultureInfo.InvariantCulture))}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<EventSourcedAgreements.Participation.GettingParticipants.ParticipantsAnswer>()!;
        answer.Participants.ShouldBeEmpty();
        answer.RecordedAt.ShouldBe(before);
        answer.KnownAt.ShouldBe(before, "known at defaults to the moment recorded at asks about");
        await Send($"/api/agreements/{id}/lifecycle?recordedAt={Uri.EscapeDataString(before.ToString("O", CultureInfo.InvariantCulture))}", null, null, HttpStatusCode.NotFound, "GET");

        foreach (var bad in new[] { "yesterday", "2026-12-07T05:00:00", "2026-13-01", "3026-01-01T00:00:00Z" })
        {
            var problem = await Problem($"/api/participants?recordedAt={Uri.EscapeDataString(bad)}", null, HttpStatusCode.BadRequest, method: "GET");
            problem.Detail.ShouldNotBeNull();
            ((System.Text.Json.JsonElement)problem.Extensions["errors"]!).GetProperty("recordedAt").GetArrayLength().ShouldBe(1, bad);
        }
    }

    private static string[] Questions(Guid agreement) =>
    [
        "/api/participants?asOf=2021-01-13&state=AZ",
        "/api/participants?asOf=2019-05-20&knownAt=2021-01-13",
        "/api/participants/summary?asOf=2019-05",
        "/api/participants/changes?from=2019-01-01&to=2021-12-31",
        "/api/participants/timeline?from=2019-01&to=2021-12&interval=quarter",
        $"/api/agreements/{agreement}/lifecycle",
    ];

    /// <summary>The answer without the members that only say when it was asked.</summary>
    private async Task<string> Answer(string url)
    {
        var body = JsonNode.Parse((await Send(url, null, null, HttpStatusCode.OK, "GET")).ReadAsText())!;
        if (body is JsonObject answer)
        {
            answer.Remove("knownAt");
            answer.Remove("recordedAt");
        }

        return body.ToJsonString();
    }

    private async Task<Guid> AgreementOf(string agencyId) =>
        (await Send($"/api/agencies/{agencyId}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonObject>()!["agreements"]!.AsArray()
            .Select(a => a!["id"]!.GetValue<Guid>())
            .Single();
}
