using EventSourcedAgreements.Security;
using Microsoft.Playwright;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workload 7: the explorer showing the 2025-07-18 list in Chromium, from navigation to the table, chart and tiles
/// drawn, against a bare page of the same origin that fetches the same three answers and writes the same rows as one
/// HTML string. Each load in a fresh browser context (nothing cached), the two kinds alternating.
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

    /// <summary>
    /// The baseline page: the same three requests, then the same rows written as one HTML string into a bare table
    /// (escaped, the fastest way a browser builds a table), nothing else; done when the table is in the document.
    /// </summary>
    private static readonly string BaselinePage =
        "<!doctype html><html><body><table><tbody id=rows></tbody></table><script>"
        + "const esc=t=>String(t??'').replace(/[&<>\"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','\"':'&quot;'})[c]);"
        + "Promise.all(["
        + string.Join(",", Answers.Select(a => $"fetch('{a}',{{headers:{{Accept:'application/json'}}}}).then(r=>r.json())"))
        + "]).then(([a])=>{document.getElementById('rows').innerHTML=a.participants.map(p=>"
        + "`<tr><td>${esc(p.stateName)}<td><a href=\"/agreement.html?id=${p.agreementId}\">${esc(p.agency)}</a><td>${esc(p.modelName)}<td>${p.signedOn}<td>${p.moaUrl?`<a href=\"${esc(p.moaUrl)}\">MOA</a>`:''}`).join('');"
        + "window.done=performance.now()})</script></body></html>";

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
            var page = await LoadAsync(browser, service.Address, $"/?asOf={AsOf}", $"document.querySelectorAll('#participants tbody tr').length === {rows} && document.querySelector('#chart path[data-series=total]') && document.querySelectorAll('#tiles .tile').length >= 51");
            var bare = await LoadAsync(browser, service.Address, "/baseline.html", $"document.querySelectorAll('#rows tr').length === {rows}");
            if (i >= WarmUps)
            {
                explorer.Add(page);
                baseline.Add(bare);
            }
        }

        var ratio = Stats.Median(explorer) / Stats.Median(baseline);
        return new Section("7", "Explorer: the 2025-07-18 list in Chromium", "bash tests/EventSourcedAgreements.Benchmarks/run --only explorer")
            .Add(new Figure($"navigation to {rows} rows, chart and state tiles drawn (median of {Loads} cold loads)", Stats.Ms(Stats.Median(explorer)), Stats.Ms(Stats.Median(baseline)), Stats.Ratio(ratio), "≤ 2×", ratio <= 2))
            .Add(new Figure("90th percentile", Stats.Ms(Stats.Percentile(explorer, 90)), Stats.Ms(Stats.Percentile(baseline, 90)), Stats.Ratio(Stats.Percentile(explorer, 90) / Stats.Percentile(baseline, 90))))
            .Note("Times are the page's own clock (performance.now(), from the start of navigation) at the first animation frame after " +
                  "the one in which everything was in the document, so the rows were laid out and painted. The baseline is the least " +
                  "a page can do to show the same table: on the same origin, it fetches the three answers the explorer reads " +
                  "(participants, summary, timeline) and writes the rows as one HTML string into a bare table; the ratio is what the " +
                  "explorer's modules, chart, tiles, summary and styles add. " +
                  "Headless Chromium (Debian's package) on the same machine as the service and PostgreSQL; each load in a new browser context.");
    }

    /// <summary>
    /// Opens <paramref name="path"/> in a new context and returns the page's clock when the first frame after
    /// <paramref name="shown"/> (a JavaScript condition, checked every frame) held was produced: what was drawn was also
    /// laid out and painted.
    /// </summary>
    private static async Task<double> LoadAsync(IBrowser browser, Uri address, string path, string shown)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/baseline.html", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = BaselinePage }));
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        return await page.EvaluateAsync<double>(
            $"() => new Promise(resolve => {{ const check = () => ({shown}) ? requestAnimationFrame(() => resolve(performance.now())) : requestAnimationFrame(check); check(); }})")
            .WaitAsync(TimeSpan.FromMinutes(1));
    }
}
