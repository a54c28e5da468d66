using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Alba;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Auditing.Verifying;
using EventSourcedAgreements.Development;
using EventSourcedAgreements.Idempotency;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EventSourcedAgreements.Tests.Reliability;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsDefinition
{
    public const string Name = "faults";
}

/// <summary>
/// A load of commands runs while PostgreSQL is killed (<c>pg_ctl stop -m immediate</c>) and restarted, several times.
/// Every command the service acknowledged with a 2xx must be in the store afterwards, at the version it answered.
/// </summary>
[Collection(FaultsDefinition.Name)]
public sealed class DatabaseFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 8;
    private const int Crashes = 3;
    private static readonly TimeSpan Up = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private const int MaxAttempts = 40;

    private readonly ConcurrentDictionary<Guid, (int Version, string Type)> acknowledged = new();
    private readonly ConcurrentDictionary<int, int> statuses = new();
    private int retriedAndAcknowledged;
    private LocalPostgres postgres = null!;
    private IAlbaHost host = null!;
    private string token = null!;

    public async Task InitializeAsync()
    {
        var binaries = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException("The fault tests kill and restart a local PostgreSQL: install the server binaries (apt-get install -y postgresql).");
        postgres = await LocalPostgres.StartAsync(binaries, Path.Combine(Path.GetTempPath(), $"agreements-faults-{Guid.NewGuid():N}"), deleteOnDispose: true, CancellationToken.None);
        host = await AppFixture.StartHostAsync(postgres.ConnectionString);
        token = TokenIssuer.Issue(host.Services.GetRequiredService<IOptions<AuthSettings>>().Value, Roles.ProgramOfficer, "Fault Tester", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await postgres.DisposeAsync();
    }

    [Fact]
    public async Task every_acknowledged_command_survives_repeated_database_crashes_and_the_service_recovers_by_itself()
    {
        using var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(() => Work(client, worker, stop.Token))).ToArray();

        var recoveries = new List<TimeSpan>();
        for (var crash = 1; crash <= Crashes; crash++)
        {
            await Task.Delay(Up);
            await postgres.CrashAsync(CancellationToken.None);
            await Task.Delay(Down / 2);
            var whileDown = await client.PostAsJsonAsync("/api/agreements", Request(-crash, 0));
            whileDown.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            whileDown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            whileDown.Headers.RetryAfter.ShouldNotBeNull();
            (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Task.Delay(Down / 2);
            await postgres.RestartAsync(CancellationToken.None);
            recoveries.Add(await TimeUntilACommandSucceeds(client, crash));
        }

        await Task.Delay(Up);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var found = await FoundInTheStore();
        output.WriteLine($"{Crashes} crashes; recovery after restart: {string.Join(", ", recoveries.Select(r => $"{r.TotalSeconds:F1} s"))}");
        output.WriteLine($"answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        output.WriteLine($"acknowledged: {acknowledged.Count} agreements, {acknowledged.Values.Sum(a => a.Version)} events ({retriedAndAcknowledged} commands acknowledged on a retry with the same Idempotency-Key); found at the acknowledged version, no step recorded twice: {found}");

        statuses.Keys.ShouldAllBe(status => status < 500 || status == 503);
        statuses.GetValueOrDefault(503).ShouldBeGreaterThan(0);
        acknowledged.Count.ShouldBeGreaterThan(Workers);
        found.ShouldBe(acknowledged.Count);
        recoveries.ShouldAllBe(recovery => recovery < RecoveryLimit);
        (await host.Services.GetRequiredService<Verification>().VerifyStoreAsync(null, CancellationToken.None)).Intact.ShouldBeTrue();
    }

    private static object Request(int worker, int round) => new
    {
        state = "TX",
        agencyName = $"Fault County {worker}-{round} Sheriff's Office",
        agencyType = "County",
        model = "JEM",
        requestedOn = "2019-01-02",
    };

    /// <summary>Each worker requests an agreement, signs, suspends and reinstates it, then starts the next; a step refused or lost for good starts the next at once.</summary>
    private async Task Work(HttpClient client, int worker, CancellationToken stop)
    {
        var steps = new (string Path, object Body, string Type)[]
        {
            ("sign", new { signedOn = "2019-01-22" }, nameof(AgreementSigned)),
            ("suspend", new { effectiveOn = "2019-06-01", reason = "fault test" }, nameof(AgreementSuspended)),
            ("reinstate", new { effectiveOn = "2019-07-01" }, nameof(AgreementReinstated)),
        };
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            var created = await Send(client, "/api/agreements", Request(worker, round));
            if (created is null)
            {
                continue;
            }

            acknowledged[created.Id] = (created.Version, nameof(AgreementRequested));
            foreach (var (path, body, type) in steps)
            {
                if (stop.IsCancellationRequested || await Send(client, $"/api/agreements/{created.Id}/{path}", body) is not { } accepted)
                {
                    break;
                }

                acknowledged[created.Id] = (accepted.Version, type);
            }
        }
    }

    /// <summary>Sends a command with an Idempotency-Key, and sends it again with the same key while the answer is a 503 or none.</summary>
    private async Task<AgreementAccepted?> Send(HttpClient client, string url, object body)
    {
        var key = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: AppTest.Json) };
                request.Headers.Add(IdempotencyKeys.Header, key);
                using var response = await client.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
                if (response.IsSuccessStatusCode)
                {
                    if (attempt > 1)
                    {
                        Interlocked.Increment(ref retriedAndAcknowledged);
                    }

                    return await response.Content.ReadFromJsonAsync<AgreementAccepted>(AppTest.Json);
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == MaxAttempts)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                statuses.AddOrUpdate(0, 1, (_, count) => count + 1);
                if (attempt == MaxAttempts)
                {
                    return null;
                }
            }

            await Task.Delay(RetryDelay);
        }
    }

    private static async Task<TimeSpan> TimeUntilACommandSucceeds(HttpClient client, int crash)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; clock.Elapsed < RecoveryLimit; attempt++)
        {
            using var response = await client.PostAsJsonAsync("/api/agreements", Request(-100 - crash, attempt));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return clock.Elapsed;
            }

            await Task.Delay(100);
        }

        return clock.Elapsed;
    }

    /// <summary>Agreements whose stream holds the acknowledged event at the acknowledged version, and no step twice.</summary>
    private async Task<int> FoundInTheStore()
    {
        string[] lifecycle = [nameof(AgreementRequested), nameof(AgreementSigned), nameof(AgreementSuspended), nameof(AgreementReinstated)];
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var found = 0;
        foreach (var (id, (version, type)) in acknowledged)
        {
            var events = await session.Events.FetchStreamAsync(id);
            if (events.Count >= version && events[version - 1].EventType.Name == type && events.Select(e => e.EventType.Name).SequenceEqual(lifecycle.Take(events.Count)))
            {
                found++;
            }
        }

        return found;
    }
}
