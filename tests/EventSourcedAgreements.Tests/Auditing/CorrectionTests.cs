using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Tests.Fixtures;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Auditing;

public sealed class CorrectionTests(AppFixture app) : AppTest(app)
{
    private async Task<Participant> HernandoWso(string query) =>
        (await Send($"/api/participants?{query}&state=FL&model=WSO", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!
            .Participants.Single(p => p.AgencyId == "fl-hernando-county-sheriffs-office");

    [Fact]
    public async Task a_corrected_signing_date_keeps_the_original_and_answers_as_known_before_it_keep_the_old_date()
    {
        using var client = App.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Officer);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "publications", "ice-287g-page-2019-05-20.txt"))), "file", "ice-287g-page-2019-05-20.txt" },
            { new StringContent("2019-05-20"), "publishedOn" },
        };
        (await client.PostAsync(new Uri("/api/publications", UriKind.Relative), form)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var wso = await HernandoWso("asOf=2019-05-20");
        wso.SignedOn.ShouldBe(new DateOnly(2019, 5, 6));

        (await Send(wso.AgreementId, new CorrectAgreement("signedOn", new DateOnly(2019, 5, 10), "The MOA in the file is dated 10 May", ExpectedVersion: null)))
            .Version.ShouldBe(3);

        (await HernandoWso("asOf=2019-05-20")).SignedOn.ShouldBe(new DateOnly(2019, 5, 10));
        (await HernandoWso("asOf=2019-05-20&knownAt=2019-05-20")).SignedOn.ShouldBe(new DateOnly(2019, 5, 6));
        (await Details(wso.AgreementId)).SignedOn.ShouldBe(new DateOnly(2019, 5, 10));
        var history = (await Send($"/api/agreements/{wso.AgreementId}/history", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().EnumerateArray().ToList();
        history.Select(e => e.GetProperty("type").GetString()).ShouldBe([nameof(AgreementRequested), nameof(AgreementSigned), nameof(SigningDateCorrected)]);
        history[1].GetProperty("data").GetProperty("signedOn").GetString().ShouldBe("2019-05-06");
        history[2].GetProperty("reason").GetString().ShouldBe("The MOA in the file is dated 10 May");
        history[2].GetProperty("source").GetString().ShouldBe("command");
        history[1].GetProperty("source").GetString().ShouldNotBeNull().ShouldStartWith("publication 2019-05-20 ice-287g-page-2019-05-20.txt sha256:");
    }

    [Fact]
    public async Task a_corrected_expiry_moves_the_end_of_the_stretch_in_force()
    {
        var id = await SignedAgreement(expiresOn: new DateOnly(2022, 1, 22));

        await Send(id, new CorrectAgreement("expiresOn", new DateOnly(2023, 1, 22), "Three-year term, not two", ExpectedVersion: null));

        (await Details(id)).ExpiresOn.ShouldBe(new DateOnly(2023, 1, 22));
        (await Send("/api/participants?asOf=2022-06-01", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!.Participants.Single().InForceUntil.ShouldBe(new DateOnly(2023, 1, 22));
    }

    [Theory]
    [InlineData("moaUrl", "2020-01-22", "x", HttpStatusCode.BadRequest, "cannot be corrected")]
    [InlineData("signedOn", null, "x", HttpStatusCode.BadRequest, "value is required")]
    [InlineData("signedOn", "2020-01-22", null, HttpStatusCode.BadRequest, "reason is required")]
    [InlineData("signedOn", "2019-01-22", "x", HttpStatusCode.Conflict, "signedOn is already 2019-01-22")]
    [InlineData("signedOn", "2099-01-22", "x", HttpStatusCode.Conflict, "is after today")]
    [InlineData("signedOn", "2018-01-22", "x", HttpStatusCode.Conflict, "is before the request of 2019-01-02")]
    [InlineData("expiresOn", "2019-01-01", "x", HttpStatusCode.Conflict, "must be after the signing 2019-01-22")]
    public async Task a_correction_that_breaks_a_rule_is_refused_and_appends_nothing(string field, string? value, string? reason, HttpStatusCode status, string explanation)
    {
        var id = await SignedAgreement();

        var problem = await Problem(id, new CorrectAgreement(field, value is null ? null : DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture), reason, ExpectedVersion: null), status);

        problem.Detail.ShouldNotBeNull().ShouldContain(explanation);
        (await Events(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_request_never_signed_has_nothing_to_correct_and_only_the_program_office_corrects()
    {
        var id = await Requested();

        (await Problem(id, new CorrectAgreement("signedOn", new DateOnly(2019, 2, 1), "x", ExpectedVersion: null), HttpStatusCode.Conflict)).Title.ShouldBe("Nothing to correct");
        await Send($"/api/agreements/{id}/corrections", new { field = "signedOn", value = "2019-02-01", reason = "x" }, App.TokenFor(Auditor), HttpStatusCode.Forbidden);
        (await Events(id)).Count.ShouldBe(1);
    }
}
