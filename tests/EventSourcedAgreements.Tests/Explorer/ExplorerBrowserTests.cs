using System.Globalization;
using Deque.AxeCore.Playwright;
using EventSourcedAgreements.Agreements.GettingLifecycle;
using EventSourcedAgreements.Participation.Charting;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Participation.ListingChanges;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EventSourcedAgreements.Tests.Explorer;

/// <summary>
/// The explorer in Chromium: what a reader sees and does, against the service on a real port. What the page shows is
/// compared with the API's own answer for the same question.
/// </summary>
[Collection(BrowserFixtureDefinition.Name)]
public sealed class ExplorerBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string July2025 = "2025-07-18";

    [Fact]
    public async Task the_may_2019_pages_date_after_a_fresh_run_shows_the_ninety_agreements_with_icess_counts_and_sentence_then_another_date()
    {
        var page = await browser.OpenAsync(browser.FirstRun, "/?asOf=2019-05-20");

        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(90);
        await Assertions.Expect(page.Locator("#counts li[data-model=JEM] strong")).ToHaveTextAsync("80");
        await Assertions.Expect(page.Locator("#counts li[data-model=WSO] strong")).ToHaveTextAsync("10");
        await Assertions.Expect(page.Locator("#sentence")).ToHaveTextAsync("80 JEM agreements in 21 states, 10 WSO agreements in Florida");
        // The chart's monthly step is the month's end, when the 13 agreements the 2021 roster no longer shows are uncertain.
        await Assertions.Expect(page.Locator("#chart .marker-label")).ToHaveTextAsync("2019-05-31: 77");
        output.WriteLine(await BrowserFixture.ScreenshotAsync(page, "explorer-2019-05"));

        await page.GetByLabel("Date", new() { Exact = true }).FillAsync("2019-01-15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var expected = await browser.FirstRun.GetJsonAsync<ParticipantsAnswer>("/api/participants?asOf=2019-01-15");
        expected.Count.ShouldBeInRange(1, 89);
        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync($"{expected.Count} agreements in force on 2019-01-15.");
        (await Column(page, "#participants", 2)).ShouldBe(expected.Participants.Select(p => p.Agency));
        page.Url.ShouldEndWith("/?asOf=2019-01-15");
        browser.ScriptErrors[page].ShouldBeEmpty();
    }

    [Fact]
    public async Task as_known_on_the_day_of_the_may_2019_list_the_ninety_agreements_come_back_after_every_later_list()
    {
        var now = await browser.History.GetJsonAsync<ParticipantsAnswer>("/api/participants?asOf=2019-05");
        now.Uncertain.ShouldNotBeEmpty("later lists no longer showed some of May 2019's agreements");
        var page = await browser.OpenAsync(browser.History, "/?asOf=2019-05");
        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(now.Count);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync($"{now.Uncertain.Count} more agreements had disappeared from a published list");

        await page.GetByLabel("As known on").FillAsync("2019-05-20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(90);
        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync("90 agreements in force on 2019-05-31, as known on 2019-05-20.");
        await Assertions.Expect(page.Locator("#counts li[data-model=JEM] strong")).ToHaveTextAsync("80");
        await Assertions.Expect(page.Locator("#counts li[data-model=WSO] strong")).ToHaveTextAsync("10");
        await Assertions.Expect(page.Locator("#sentence")).ToHaveTextAsync("80 JEM agreements in 21 states, 10 WSO agreements in Florida");
        await Assertions.Expect(page.Locator("#chart .marker-label")).ToHaveTextAsync("2019-05-31: 90");
        page.Url.ShouldEndWith("/?asOf=2019-05&knownAt=2019-05-20");
        (await page.Locator("#participants tbody a").First.GetAttributeAsync("href"))!.ShouldEndWith("&knownAt=2019-05-20");
        browser.ScriptErrors[page].ShouldBeEmpty();
    }

    [Fact]
    public async Task the_832_row_list_fills_the_table_and_the_state_tiles_and_a_tile_narrows_the_table_to_its_state()
    {
        var expected = await browser.History.GetJsonAsync<ParticipantsAnswer>($"/api/participants?asOf={July2025}");
        var page = await browser.OpenAsync(browser.History, $"/?asOf={July2025}");

        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(expected.Count);
        expected.Count.ShouldBeGreaterThan(800);
        var tiles = await page.Locator("#tiles [data-state]").EvaluateAllAsync<Dictionary<string, int>>(
            "tiles => Object.fromEntries(tiles.map(t => [t.dataset.state, Number(t.querySelector('.count').textContent)]))");
        tiles.Where(t => t.Value > 0).ShouldBe(expected.Participants.GroupBy(p => p.State).ToDictionary(g => g.Key, g => g.Count()), ignoreOrder: true);
        tiles.Count.ShouldBeGreaterThanOrEqualTo(51);
        tiles["CA"].ShouldBe(0);
        output.WriteLine(await BrowserFixture.ScreenshotAsync(page, "explorer-2025-07-18"));

        var florida = expected.Participants.Where(p => p.State == "FL").ToList();
        await page.GetByRole(AriaRole.Button, new() { Name = $"FL {florida.Count} — Florida, {florida.Count} agreements" }).ClickAsync();

        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(florida.Count);
        (await Column(page, "#participants", 2)).ShouldBe(florida.Select(p => p.Agency));
        await Assertions.Expect(page.Locator("#tiles [data-state=FL]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.GetByLabel("State", new() { Exact = true })).ToHaveValueAsync("FL");
        page.Url.ShouldEndWith($"/?asOf={July2025}&state=FL");

        await page.GetByRole(AriaRole.Button, new() { Name = "VT 0 — Vermont, 0 agreements" }).ClickAsync();

        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync($"0 agreements in force in Vermont on {July2025}.");
        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#tiles [data-state=VT]")).ToBeFocusedAsync();
        page.Url.ShouldEndWith($"/?asOf={July2025}&state=VT");
        browser.ScriptErrors[page].ShouldBeEmpty();
    }

    [Fact]
    public async Task an_answer_that_comes_late_does_not_overwrite_the_one_asked_for_after_it()
    {
        var page = await browser.OpenAsync(browser.History, $"/?asOf={July2025}");
        var january2021 = await browser.History.GetJsonAsync<ParticipantsAnswer>("/api/participants?asOf=2021-01-13");
        await Assertions.Expect(page.Locator("#caption")).ToContainTextAsync($"in force on {July2025}.");
        var release = new TaskCompletionSource();
        await page.RouteAsync(url => url.Contains("/api/participants?asOf=2019-05", StringComparison.Ordinal), async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        var date = page.GetByLabel("Date", new() { Exact = true });

        await date.FillAsync("2019-05");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await date.FillAsync("2021-01-13");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync($"{january2021.Count} agreements in force on 2021-01-13.");
        var late = page.WaitForResponseAsync(response => response.Url.Contains("/api/participants?asOf=2019-05", StringComparison.Ordinal));
        release.SetResult();
        await late;
        await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 100)))");

        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync($"{january2021.Count} agreements in force on 2021-01-13.");
        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(january2021.Count);
        page.Url.ShouldEndWith("/?asOf=2021-01-13");
    }

    [Fact]
    public async Task the_chart_draws_the_timeline_and_a_click_or_an_arrow_key_sets_the_date_to_that_month()
    {
        var page = await browser.OpenAsync(browser.History, $"/?asOf={July2025}");
        var chart = page.Locator("#chart svg");
        await Assertions.Expect(chart.Locator("path[data-series=total]")).ToHaveCountAsync(1);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var endOfMonth = new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var timeline = await browser.History.GetJsonAsync<Timeline>($"/api/participants/timeline?from=2005-01-31&to={endOfMonth}&interval=month");
        timeline.Points.ShouldAllBe(p => p.AsOf.AddDays(1).Day == 1, "month ends, like a month typed in the date field");
        var points = timeline.Points.SkipWhile(p => p.Total == 0).ToList();
        await Assertions.Expect(chart.Locator("desc")).ToContainTextAsync($"from {points[0].AsOf:yyyy-MM-dd} to {points[^1].AsOf:yyyy-MM-dd}");

        var box = (await chart.BoundingBoxAsync())!;
        await chart.ClickAsync(new() { Position = new Position { X = box.Width * 0.5f, Y = box.Height / 2 } });

        await Assertions.Expect(page.GetByLabel("Date", new() { Exact = true })).Not.ToHaveValueAsync(July2025);
        var chosen = DateOnly.Parse(await page.GetByLabel("Date", new() { Exact = true }).InputValueAsync(), CultureInfo.InvariantCulture);
        var index = points.FindIndex(p => p.AsOf == chosen);
        var point = points[index];
        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync($"{point.Total} agreement{(point.Total == 1 ? "" : "s")} in force on {chosen:yyyy-MM-dd}.");
        await Assertions.Expect(chart).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("ArrowRight");

        var next = points[index + 1];
        var nextDay = next.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Assertions.Expect(page.GetByLabel("Date", new() { Exact = true })).ToHaveValueAsync(nextDay);
        await Assertions.Expect(page.Locator("#caption")).ToHaveTextAsync($"{next.Total} agreement{(next.Total == 1 ? "" : "s")} in force on {nextDay}.");
        await Assertions.Expect(page.Locator("#chart .marker-label")).ToHaveTextAsync($"{nextDay}: {next.Total}");
        page.Url.ShouldEndWith($"/?asOf={nextDay}");
        browser.ScriptErrors[page].ShouldBeEmpty();
    }

    [Fact]
    public async Task the_changes_between_two_dates_are_the_apis_and_the_dates_are_in_the_address()
    {
        var expected = await browser.History.GetJsonAsync<ChangesAnswer>("/api/participants/changes?from=2019-05-21&to=2021-01-13");
        expected.Count.ShouldBeGreaterThan(0);
        var page = await browser.OpenAsync(browser.History, "/?asOf=2021-01-13");

        await page.GetByLabel("From", new() { Exact = true }).FillAsync("2019-05-21");
        await page.GetByLabel("To", new() { Exact = true }).FillAsync("2021-01-13");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await Assertions.Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(expected.Count);
        (await Column(page, "#changes", 4)).ShouldBe(expected.Changes.Select(c => $"{c.Agency} (agency)"));
        (await page.Locator("#changes tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kind)"))
            .ShouldBe(expected.Changes.Select(c => c.Kind.ToString()));
        await Assertions.Expect(page.Locator("#changes-summary")).ToContainTextAsync("From 2019-05-21 to 2021-01-13:");
        page.Url.ShouldEndWith("/?asOf=2021-01-13&from=2019-05-21&to=2021-01-13");

        var shared = await browser.OpenAsync(browser.History, new Uri(page.Url).PathAndQuery);
        await Assertions.Expect(shared.Locator("#changes tbody tr")).ToHaveCountAsync(expected.Count);
        browser.ScriptErrors[page].ShouldBeEmpty();
    }

    [Fact]
    public async Task an_agreement_opens_from_the_table_with_its_lifecycle_and_the_record_as_it_stood_on_a_past_day()
    {
        var page = await browser.OpenAsync(browser.History, "/?asOf=2019-05-20&state=AR");
        Participant? delisted = null;
        List<LifecycleEntry> lifecycle = [];
        foreach (var candidate in (await browser.History.GetJsonAsync<ParticipantsAnswer>("/api/participants?asOf=2019-05-20&state=AR")).Participants)
        {
            lifecycle = await browser.History.GetJsonAsync<List<LifecycleEntry>>($"/api/agreements/{candidate.AgreementId}/lifecycle");
            if (lifecycle.Any(e => e.Type == "AgreementDelisted"))
            {
                delisted = candidate;
                break;
            }
        }

        delisted.ShouldNotBeNull("an Arkansas agreement of May 2019 that a later list no longer showed");
        await page.Locator($"#participants a[href='/agreement.html?id={delisted.AgreementId}']").ClickAsync();

        // The navigation itself; what the page then shows is awaited by the assertions (not the load event, which once
        // took more than 30 s on a loaded CI machine).
        await page.WaitForURLAsync($"**/agreement.html?id={delisted.AgreementId}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("#lifecycle li")).ToHaveCountAsync(lifecycle.Count);
        (await page.Locator("#lifecycle li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.type)")).ShouldBe(lifecycle.Select(e => e.Type));
        await Assertions.Expect(page.Locator("#lifecycle li[data-type=AgreementSigned] h3")).ToHaveTextAsync($"{delisted.SignedOn:yyyy-MM-dd} — MOA signed");
        await Assertions.Expect(page.Locator("#lifecycle li[data-type=AgreementSigned] .source")).ToContainTextAsync("ICE's list published 2019-05-20 (ice-287g-page-2019-05-20.txt); known since 2019-05-20.");
        await Assertions.Expect(page.Locator("#lifecycle li[data-type=AgreementDelisted] h3")).ToContainTextAsync("No longer on ICE's list");
        await Assertions.Expect(page.Locator("#facts")).ToContainTextAsync("Delisted");
        output.WriteLine(await BrowserFixture.ScreenshotAsync(page, "agreement", fullPage: true));

        await page.GetByLabel("As the record stood on").FillAsync("2019-05-20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Assertions.Expect(page.Locator("#lifecycle li[data-type=AgreementDelisted]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#lifecycle li")).ToHaveCountAsync(lifecycle.Count(e => e.KnownAt <= new DateTimeOffset(2019, 5, 21, 0, 0, 0, TimeSpan.Zero)));
        page.Url.ShouldEndWith($"/agreement.html?id={delisted.AgreementId}&knownAt=2019-05-20");

        await page.GetByRole(AriaRole.Link, new() { Name = delisted.Agency, Exact = true }).ClickAsync();

        await page.WaitForURLAsync($"**/agency.html?id={delisted.AgencyId}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(delisted.Agency);
        await Assertions.Expect(page.Locator($"#agreements a[href='/agreement.html?id={delisted.AgreementId}']")).ToHaveCountAsync(1);
        output.WriteLine(await BrowserFixture.ScreenshotAsync(page, "agency", fullPage: true));
        browser.ScriptErrors[page].ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unknown_agreement_says_so_in_words_from_the_problem_details()
    {
        var page = await browser.OpenAsync(browser.History, $"/agreement.html?id={Guid.Empty}");

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("No agreement");
        browser.ScriptErrors[page].ShouldAllBe(error => error.Contains("404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_signing_date_the_evidence_does_not_support_is_marked_disputed_in_the_table_and_on_the_agreement_page()
    {
        var disputed = (await browser.History.GetJsonAsync<ParticipantsAnswer>($"/api/participants?asOf={July2025}")).Participants.Where(p => p.SigningDispute is not null).ToList();
        disputed.Count.ShouldBe(3);
        var page = await browser.OpenAsync(browser.History, $"/?asOf={July2025}");
        await Assertions.Expect(page.Locator("#participants tbody tr").First).ToBeVisibleAsync();

        foreach (var participant in disputed)
        {
            var row = page.Locator("#participants tbody tr").Filter(new() { Has = page.Locator($"a[href*='{participant.AgreementId}']") });
            await Assertions.Expect(row.Locator("td:nth-child(4)")).ToHaveTextAsync($"{participant.SignedOn:yyyy-MM-dd} disputed: {participant.SigningDispute}");
        }

        var first = disputed[0];
        var agreement = await browser.OpenAsync(browser.History, $"/agreement.html?id={first.AgreementId}");
        await Assertions.Expect(agreement.Locator("#facts")).ToContainTextAsync($"{first.SignedOn:yyyy-MM-dd} — disputed: {first.SigningDispute}");
        await Assertions.Expect(agreement.Locator("#lifecycle")).ToContainTextAsync("Signing date disputed");
        browser.ScriptErrors[page].ShouldBeEmpty();
        browser.ScriptErrors[agreement].ShouldBeEmpty();
    }

    [Fact]
    public async Task the_csv_download_holds_the_rows_of_the_view()
    {
        var page = await browser.OpenAsync(browser.History, $"/?asOf={July2025}&model=TFM&state=TX");
        var expected = await browser.History.GetJsonAsync<ParticipantsAnswer>($"/api/participants?asOf={July2025}&model=TFM&state=TX");
        await Assertions.Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(expected.Count);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());

        download.SuggestedFilename.ShouldBe($"287g-participants-{July2025}-TFM-TX.csv");
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        lines.Count.ShouldBe(expected.Count + 1);
        expected.Participants.ShouldAllBe(p => lines.Any(l => l.Contains(p.Agency.Replace("\"", "\"\"", StringComparison.Ordinal), StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/?asOf=2025-07-18&state=TX&from=2025-05-16&to=2025-07-18")]
    [InlineData("/agreement.html?id={agreement}")]
    [InlineData("/agency.html?id={agency}")]
    public async Task the_pages_pass_axe_with_no_wcag_a_or_aa_violation(string path)
    {
        var sample = (await browser.History.GetJsonAsync<ParticipantsAnswer>("/api/participants?asOf=2019-05-20")).Participants[0];
        var page = await browser.OpenAsync(browser.History, path.Replace("{agreement}", sample.AgreementId.ToString(), StringComparison.Ordinal).Replace("{agency}", sample.AgencyId, StringComparison.Ordinal));
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent !== 'Loading…' && document.querySelectorAll('tbody tr, #lifecycle li').length > 0");

        var results = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        var violations = results.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})").ToList();
        violations.ShouldBeEmpty();
        results.Passes.Length.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task on_a_phone_the_page_does_not_scroll_sideways_and_keyboard_alone_reaches_the_table()
    {
        var page = await browser.OpenAsync(browser.History, $"/?asOf={July2025}", width: 375, height: 812);
        await Assertions.Expect(page.Locator("#participants tbody tr").First).ToBeVisibleAsync();

        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue();
        output.WriteLine(await BrowserFixture.ScreenshotAsync(page, "explorer-phone"));

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to the agreements" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.closest('table')?.id ?? ''")).ShouldBe("participants");
    }

    private static async Task<IReadOnlyList<string>> Column(IPage page, string table, int column) =>
        [.. (await page.Locator($"{table} tbody tr td:nth-child({column})").AllTextContentsAsync()).Select(text => text.Trim())];
}
