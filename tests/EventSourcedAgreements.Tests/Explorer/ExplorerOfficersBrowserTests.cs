using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventSourcedAgreements.Officers.Tallying;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Participation.Summarizing;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace EventSourcedAgreements.Tests.Explorer;

/// <summary>
/// Where the record knows designated officers, the explorer shows how many held authority under each agreement in
/// force, per state and in all, as the API counts them; where it knows none, the table keeps ICE's layout.
/// </summary>
[Collection(BrowserFixtureDefinition.Name)]
public sealed class ExplorerOfficersBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task the_table_and_the_counts_show_the_authorized_officers_as_the_api_counts_them()
    {
        await using var service = ServiceOnLoopback.Start(await browser.Postgres.CreateDatabaseAsync());
        using var client = ProgramOfficer(service);
        Task<Guid> Post(string path, object body) => PostAsync(client, path, body);

        var hernando = await Post("/api/agreements", new RequestAgreement("FL", "Hernando County Sheriff's Office", "County", "Hernando", "JEM", new DateOnly(2019, 1, 2)));
        await Post($"/api/agreements/{hernando}/sign", new { signedOn = "2019-01-22", expiresOn = "2029-01-22" });
        var harris = await Post("/api/agreements", new RequestAgreement("TX", "Harris County Sheriff's Office", "County", "Harris", "JEM", new DateOnly(2019, 1, 2)));
        await Post($"/api/agreements/{harris}/sign", new { signedOn = "2019-01-22", expiresOn = "2029-01-22" });
        foreach (var name in new[] { "Avery Able", "Blair Baker" })
        {
            await AuthorizedAsync(client, hernando, name);
        }

        var page = await browser.OpenAsync(service, "/?asOf=2019-06-01");

        var participants = await service.GetJsonAsync<ParticipantsAnswer>("/api/participants?asOf=2019-06-01");
        var summary = await service.GetJsonAsync<ParticipationSummary>("/api/participants/summary?asOf=2019-06-01");
        summary.Officers!.Officers.ShouldBe(2);
        await Assertions.Expect(page.Locator("#participants thead th")).ToHaveTextAsync(["State", "Law enforcement agency", "Support type", "Signed", "MOA", "Authorized officers"]);
        foreach (var participant in participants.Participants)
        {
            var row = page.Locator("#participants tbody tr").Filter(new() { Has = page.Locator($"a[href*='{participant.AgreementId}']") });
            await Assertions.Expect(row.Locator("td:nth-child(6)")).ToHaveTextAsync((participant.AuthorizedOfficers ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync("2 agreements in force on 2019-06-01, 2 officers authorized under them.");
        await Assertions.Expect(page.Locator("#officer-count")).ToHaveTextAsync("2 designated officers held 287(g) authority under 1 agreement that day.");
        await page.Locator("#tiles [data-state=TX]").ClickAsync();
        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync("1 agreement in force in Texas on 2019-06-01, 0 officers authorized under them.");
        browser.ScriptErrors[page].ShouldBeEmpty();

        // Before any certification the record knows officers, and says none held authority.
        var april = await browser.OpenAsync(service, "/?asOf=2019-04-01");
        await Assertions.Expect(april.Locator("#caption")).ToHaveTextAsync("2 agreements in force on 2019-04-01, 0 officers authorized under them.");
        browser.ScriptErrors[april].ShouldBeEmpty();
    }

    [Fact]
    public async Task the_agreement_page_shows_its_officers_activity_as_the_api_counts_it_and_nothing_where_there_are_none()
    {
        await using var service = ServiceOnLoopback.Start(await browser.Postgres.CreateDatabaseAsync());
        using var client = ProgramOfficer(service);
        Task<Guid> Post(string path, object body) => PostAsync(client, path, body);

        var hernando = await Post("/api/agreements", new RequestAgreement("FL", "Hernando County Sheriff's Office", "County", "Hernando", "JEM", new DateOnly(2019, 1, 2)));
        await Post($"/api/agreements/{hernando}/sign", new { signedOn = "2019-01-22", expiresOn = "2029-01-22" });
        var harris = await Post("/api/agreements", new RequestAgreement("TX", "Harris County Sheriff's Office", "County", "Harris", "JEM", new DateOnly(2019, 1, 2)));
        foreach (var name in new[] { "Avery Able", "Blair Baker" })
        {
            var officer = await AuthorizedAsync(client, hernando, name);
            if (name == "Blair Baker")
            {
                await Post($"/api/officers/{officer}/revoke", new { effectiveOn = "2019-08-01", reason = "Misconduct finding" });
            }
        }

        var page = await browser.OpenAsync(service, $"/agreement.html?id={hernando}");

        var activity = await service.GetJsonAsync<AgreementOfficerActivity>($"/api/agreements/{hernando}/officer-activity");
        await Assertions.Expect(page.Locator("#officers-summary")).ToHaveTextAsync($"2 officers nominated under this agreement; 1 holding authority on {activity.Today:yyyy-MM-dd}.");
        var rows = page.Locator("#officer-activity tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(activity.Activity.Count);
        for (var i = 0; i < activity.Activity.Count; i++)
        {
            var a = activity.Activity[i];
            await Assertions.Expect(rows.Nth(i).Locator("td")).ToHaveTextAsync([a.On.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Label(a.Type), a.Officers.ToString(System.Globalization.CultureInfo.InvariantCulture), a.AuthorizedOn.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        await Assertions.Expect(rows.Last.Locator("td")).ToHaveTextAsync(["2019-08-01", "authority revoked", "1", "1"]);
        (await page.Locator("body").InnerTextAsync()).ShouldNotContain("Avery");
        browser.ScriptErrors[page].ShouldBeEmpty();

        var none = await browser.OpenAsync(service, $"/agreement.html?id={harris}");
        await Assertions.Expect(none.Locator("#lifecycle li")).ToHaveCountAsync(1);
        await Assertions.Expect(none.Locator("#officers")).ToBeHiddenAsync();
        browser.ScriptErrors[none].ShouldBeEmpty();
    }

    private static string Label(string type) => type switch
    {
        nameof(OfficerNominated) => "nominated",
        nameof(BackgroundInvestigationCompleted) => "background investigation completed",
        nameof(TrainingCompleted) => "training completed",
        nameof(OfficerCertified) => "certified and authorized",
        nameof(AuthorityRevoked) => "authority revoked",
        _ => type,
    };

    /// <summary>A client of <paramref name="service"/> with a program officer's token.</summary>
    private static HttpClient ProgramOfficer(ServiceOnLoopback service)
    {
        var client = service.CreateClient();
        var settings = service.Services.GetRequiredService<IOptions<AuthSettings>>().Value;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenIssuer.Issue(settings, Roles.ProgramOfficer, "Pat Officer", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        return client;
    }

    /// <summary>Posts <paramref name="body"/>, which must succeed; the answer's id.</summary>
    private static async Task<Guid> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An officer of <paramref name="agreement"/> nominated on 2019-02-01, cleared, trained and certified on 2019-04-15; the officer's id.</summary>
    private static async Task<Guid> AuthorizedAsync(HttpClient client, Guid agreement, string name)
    {
        var officer = await PostAsync(client, $"/api/agreements/{agreement}/officers", new { name, nominatedOn = "2019-02-01" });
        await PostAsync(client, $"/api/officers/{officer}/background-investigation", new { completedOn = "2019-03-01", result = "Passed", citizenshipConfirmed = true });
        await PostAsync(client, $"/api/officers/{officer}/training", new { completedOn = "2019-04-12", course = "JEM", location = "ICE Academy, Charleston, SC" });
        await PostAsync(client, $"/api/officers/{officer}/certify", new { certifiedOn = "2019-04-15" });
        return officer;
    }
}
