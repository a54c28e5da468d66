using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Participation.GettingParticipants;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EventSourcedAgreements.Tests.Explorer;

/// <summary>The explorer in Chromium: what a reader sees and does, against the service on a real port.</summary>
[Collection(BrowserFixtureDefinition.Name)]
public sealed class ExplorerBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task may_2019_after_a_fresh_run_shows_the_ninety_agreements_with_icess_counts_and_sentence_then_another_date()
    {
        var page = await browser.OpenAsync(browser.FirstRun, "/?asOf=2019-05");

        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(90);
        await Assertions.Expect(page.Locator("#counts li[data-model=JEM] strong")).ToHaveTextAsync("80");
        await Assertions.Expect(page.Locator("#counts li[data-model=WSO] strong")).ToHaveTextAsync("10");
        await Assertions.Expect(page.Locator("#sentence")).ToHaveTextAsync("80 JEM agreements in 21 states, 10 WSO agreements in Florida");
        output.WriteLine(await BrowserFixture.ScreenshotAsync(page, "explorer-2019-05"));

        await page.GetByLabel("Date", new() { Exact = true }).FillAsync("2019-01-15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var expected = await browser.FirstRun.GetJsonAsync<ParticipantsAnswer>("/api/participants?asOf=2019-01-15");
        expected.Count.ShouldBeInRange(1, 89);
        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync($"{expected.Count} agreements in force on 2019-01-15.");
        (await page.Locator("#participants tbody tr td:nth-child(2)").AllTextContentsAsync()).ShouldBe(expected.Participants.Select(p => p.Agency));
        page.Url.ShouldEndWith("/?asOf=2019-01-15");
        browser.ScriptErrors[page].ShouldBeEmpty();
    }
}
