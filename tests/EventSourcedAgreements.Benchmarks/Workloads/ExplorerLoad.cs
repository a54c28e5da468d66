using EventSourcedAgreements.Security;
using Microsoft.Playwright;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workload 7: the explorer showing the 2025-07-18 list in Chromium, from navigation to the table, chart and tiles
/// drawn, against a page of the same origin that fetches and parses the same three answers and draws nothing. Each load
/// in a fresh browser context (nothing cached), the two kinds alternating.
/// </summary>
public static class ExplorerLoad
{
    public const int Loads = 30;
    public const int WarmUps = 3;
    private const string AsOf = "2025-07-18";

    /// <summary>The explorer's timeline ends there (UTC, like the page).</summary>
    private static DateOnly EndOfThisMonth
    {
        get
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            return new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month));
        }
    }

    private static readonly string[] Answers =
    [
        $"/api/participants?asOf={AsOf}",
        $"/api/participants/summary?asOf={AsOf}",
        $"/api/participants/timeline?from=2005-01-31&to={EndOfThisMonth:yyyy-MM-dd}&interval=month",
    ];

    /// <summary>The baseline page: the same requests as the explorer's, parsed, nothing drawn; done when all are read.</summary>
    private static readonly string BaselinePage =
        "<!doctype html><html><body><script>Promise.all(["
        + string.Join(",", Answers.Select(a => $"fetch('{a}',{{headers:{{Accept:'application/json'}}}}).then(r=>r.json())"))
        + "]).then(()=>{window.done=performance.now()})</script></body></html>";

    public static async Task<Section> RunAsync(Bench bench, CancellationToken cancellationToken)
    {
        var connectionString = await bench.CreateDatabaseAsync("bench_explorer", cancellationToken);
        await using var service = await ServiceProcess.StartAsync(bench.ServiceAssembly, connectionString, cancellationToken);
        var officer = ServiceProcess.Token(Roles.ProgramOfficer, "Benchmark Officer");
        foreach (var (file, publishedOn) in ListImport.Earlier.Append((ListImport.Measured, AsOf)))
        {
            await ListImport.ImportAsync(bench, service, officer, file, publishedOn, cancellationToken);
        }

        using var answer = System.Text.Json.JsonDocument.Parse(await service.Client.GetStringAsync(new Uri(Answers[0], UriKind.Relative), cancellationToken));
        var rows = answer.RootElement.GetProperty("count").GetInt32();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var explorer = new List<double>();
        var baseline = new List<double>();
        for (var i = 0; i < WarmUps + Loads; i++)
        {
            Console.WriteLine($"[explorer] load {i + 1} of {WarmUps + Loads}");
            var page = await LoadAsync(browser, service.Address, $"/?asOf={AsOf}", $"() => document.querySelectorAll('#participants tbody tr').length === {rows} && document.querySelector('#chart path[data-series=total]') && document.querySelectorAll('#tiles .tile').length >= 51 ? performance.now() : false");
            var fetchOnly = await LoadAsync(browser, service.Address, "/baseline.html", "() => window.done || false");
            if (i >= WarmUps)
            {
                explorer.Add(page);
                baseline.Add(fetchOnly);
            }
        }

        var ratio = Stats.Median(explorer) / Stats.Median(baseline);
        return new Section("7", "Explorer: the 2025-07-18 list in Chromium", "bash tests/EventSourcedAgreements.Benchmarks/run --only explorer")
            .Add(new Figure($"navigation to {rows} rows, chart and state tiles drawn (median of {Loads} cold loads)", Stats.Ms(Stats.Median(explorer)), Stats.Ms(Stats.Median(baseline)), Stats.Ratio(ratio), "≤ 2×", ratio <= 2))
            .Add(new Figure("90th percentile", Stats.Ms(Stats.Percentile(explorer, 90)), Stats.Ms(Stats.Percentile(baseline, 90)), Stats.Ratio(Stats.Percentile(explorer, 90) / Stats.Percentile(baseline, 90))))
            .Note("Times are the page's own clock (performance.now(), from the start of navigation) at the moment the condition held, " +
                  "polled every animation frame. The baseline is a page on the same origin that only fetches and parses the three answers " +
                  "the explorer reads (participants, summary, timeline); the ratio is what the explorer's modules and drawing add. " +
                  "Headless Chromium (Debian's package) on the same machine as the service and PostgreSQL; each load in a new browser context.");
    }

    private static async Task<double> LoadAsync(IBrowser browser, Uri address, string path, string done)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/baseline.html", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = BaselinePage }));
        await page.GotoAsync(path);
        var handle = await page.WaitForFunctionAsync(done, null, new PageWaitForFunctionOptions { PollingInterval = null, Timeout = 60_000 });
        return await handle.JsonValueAsync<double>();
    }
}
