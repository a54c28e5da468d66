using System.Net.Http.Json;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>
/// A real browser (Debian's Chromium driven by Playwright) and two copies of the service listening on loopback ports,
/// each on a database of its own: <see cref="FirstRun"/> is what a newcomer's <c>dotnet run</c> gives (the May 2019
/// list imported on start), <see cref="History"/> holds every list ICE published that the repository ships. The tests
/// only read, so they share both.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> owned = [];
    private IPlaywright? playwright;

    public PostgresServer Postgres { get; private set; } = null!;

    public ServiceOnLoopback FirstRun { get; private set; } = null!;

    public ServiceOnLoopback History { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the tests leave their screenshots: <c>screenshots</c> beside the test assembly.</summary>
    public static string ScreenshotDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Postgres = await PostgresServer.StartAsync();
        owned.Add(Postgres);
        FirstRun = ServiceOnLoopback.Start(Postgres.ConnectionString, ("FirstRun:Import", "true"));
        owned.Add(FirstRun);
        History = ServiceOnLoopback.Start(await Postgres.CreateDatabaseAsync());
        owned.Add(History);
        await ImportEveryListAsync(History.Services);

        // On the CI machine (two cores, the other test collections running beside, every host in this one process) a page
        // can take more than Playwright's default five seconds to show what the API answered, and a navigation more than
        // its default thirty to commit (seen once, in the first minutes of a run, when the hosts start): the assertions
        // wait up to thirty seconds, actions and navigations up to ninety. Each returns as soon as the page is there.
        Assertions.SetDefaultExpectTimeout(30_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(EventSourcedAgreements.Benchmarks.Chromium.LaunchOptions());
    }

    /// <summary>A page of its own (a fresh context: no cookies, no cache) at a desktop size unless told otherwise.</summary>
    public async Task<IPage> OpenAsync(ServiceOnLoopback service, string path, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = service.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                failures.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failures.Add($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        ScriptErrors[page] = failures;
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Errors the page's scripts raised or logged (a content policy refusal shows up here too) and answers over 399.</summary>
    public Dictionary<IPage, List<string>> ScriptErrors { get; } = [];

    /// <summary>Saves what the window shows (or the whole page) as <c>screenshots/NAME.png</c> and returns the path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>Every list in the repository, in date order, through the importer the HTTP endpoint and the CLI use.</summary>
    private static async Task ImportEveryListAsync(IServiceProvider services)
    {
        foreach (var (file, publishedOn) in Publications.RoundTripTests.InDateOrder)
        {
            await using var scope = services.CreateAsyncScope();
            await using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "publications", file));
            var outcome = await scope.ServiceProvider.GetRequiredService<EventSourcedAgreements.Publications.Importing.Importer>()
                .ImportAsync(file, stream, DateOnly.Parse(publishedOn, System.Globalization.CultureInfo.InvariantCulture), dryRun: false, actor: "browser tests", CancellationToken.None);
            if (outcome.Report is null)
            {
                throw new InvalidOperationException($"{file} was not imported: {outcome.Problem?.Detail}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync();
        }
    }
}

/// <summary>The service in Development on a loopback port Kestrel picks, Wolverine in solo mode.</summary>
public sealed class ServiceOnLoopback : WebApplicationFactory<Program>
{
    private readonly string connectionString;
    private readonly (string Key, string Value)[] settings;

    private ServiceOnLoopback(string connectionString, (string Key, string Value)[] settings)
    {
        this.connectionString = connectionString;
        this.settings = settings;
    }

    public Uri Address { get; private set; } = null!;

    public static ServiceOnLoopback Start(string connectionString, params (string Key, string Value)[] settings)
    {
        var service = new ServiceOnLoopback(connectionString, settings);
        service.UseKestrel(0);
        service.StartServer();
        var addresses = service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        service.Address = new Uri(addresses.Single());
        return service;
    }

    /// <summary>The API's answer as the page reads it, to compare what the page shows with.</summary>
    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<T>(path, AppTest.Json))!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => AppFixture.ConfigureForTests(builder, connectionString, settings);
}

[CollectionDefinition(Name)]
public sealed class BrowserFixtureDefinition : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
