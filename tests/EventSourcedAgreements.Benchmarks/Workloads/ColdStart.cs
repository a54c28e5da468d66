using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Security;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workload 5: from starting the process to the first successful command (an agency's request, 201), for the service's
/// Release build against a database whose schema is in place; against the template minimal ASP.NET Core app's start
/// to its first 200. Rounds alternate between the two; medians are compared.
/// </summary>
public static class ColdStart
{
    public const int Rounds = 7;

    public static async Task<Section> RunAsync(Bench bench, CancellationToken cancellationToken)
    {
        var connectionString = await bench.CreateDatabaseAsync("bench_cold_start", cancellationToken);
        await using (await ServiceProcess.StartAsync(bench.ServiceAssembly, connectionString, cancellationToken))
        {
            // db-apply runs once, as a deployment's migration step does; the measured starts find the schema in place.
        }

        var minimalApp = typeof(MinimalApp).Assembly.Location;
        var service = new List<double>();
        var listening = new List<double>();
        var minimal = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            Console.WriteLine($"[cold-start] round {round + 1} of {Rounds}");
            minimal.Add(await TimeAsync(
                () => ServiceProcess.LaunchAssembly(minimalApp, [MinimalApp.Argument], []),
                async client => (await client.GetAsync("/", cancellationToken)).StatusCode == HttpStatusCode.OK,
                cancellationToken));
            var agencyName = $"Cold Start County {round} Sheriff's Office";
            var token = ServiceProcess.Token(Roles.Agency, "clerk", AgencyIdentity.IdFor(UsState.FromCode("TX"), agencyName));
            var started = Stopwatch.GetTimestamp();
            service.Add(await TimeAsync(
                () => ServiceProcess.Launch(bench.ServiceAssembly, connectionString),
                async client =>
                {
                    if (listening.Count == round)
                    {
                        if ((await client.GetAsync("/health/live", cancellationToken)).StatusCode != HttpStatusCode.OK)
                        {
                            return false;
                        }

                        listening.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/agreements")
                    {
                        Content = new StringContent(
                            $$"""{"state":"Texas","agencyName":"{{agencyName}}","agencyType":"County","county":"Benchmark","model":"JEM","requestedOn":"2019-01-02"}""",
                            Encoding.UTF8,
                            "application/json"),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await client.SendAsync(request, cancellationToken);
                    return response.StatusCode == HttpStatusCode.Created;
                },
                cancellationToken));
        }

        var ratio = Stats.Median(service) / Stats.Median(minimal);
        return new Section("5", "Cold start to the first successful command", "bash tests/EventSourcedAgreements.Benchmarks/run --only cold-start")
            .Add(new Figure(
                $"process start to first 201 (median of {Rounds})",
                Stats.Ms(Stats.Median(service)),
                $"{Stats.Ms(Stats.Median(minimal))} (minimal app: process start to first 200, median of {Rounds})",
                Stats.Ratio(ratio),
                "≤ 3.00",
                ratio <= 3))
            .Add(new Figure("of which process start to listening (first 200 from /health/live)", Stats.Ms(Stats.Median(listening)), Stats.Ms(Stats.Median(minimal)), Stats.Ratio(Stats.Median(listening) / Stats.Median(minimal))))
            .Add(new Figure("slowest start", Stats.Ms(service.Max()), Stats.Ms(minimal.Max())))
            .Note("Each start is `dotnet <assembly>`, polled every 2 ms (the first request may be refused " +
                  "while Kestrel is not yet listening); the service in the Production environment against a database whose schema " +
                  "already exists, the minimal app being the `dotnet new web` template (`WebApplication.CreateBuilder`, one `MapGet`), " +
                  "run from the benchmark program itself. The service is the `run` script's publish output: Release, with the " +
                  "pre-generated handlers (`TypeLoadMode.Static`) and ReadyToRun code.");
    }

    private static async Task<double> TimeAsync(Func<ServiceProcess> launch, Func<HttpClient, Task<bool>> ready, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var process = launch();
        await process.WaitUntilAsync(ready, cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
