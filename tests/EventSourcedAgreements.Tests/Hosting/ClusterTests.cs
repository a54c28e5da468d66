using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedAgreements.Agencies.Directory;
using EventSourcedAgreements.Benchmarks;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Operating;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Xunit.Abstractions;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// Two service processes on one database of their own (a solo-mode host on the same database would unregister them),
/// in Wolverine's Balanced mode with shortened heartbeats: commands go through both, the node running the agency
/// directory is killed (SIGKILL) while commands keep coming, and the directory must move to the survivor and catch up
/// with every event applied exactly once.
/// </summary>
[Collection(ClusterTestsDefinition.Name)]
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Schema = EventStoreFeature.Schema;

    private static readonly (string Key, string Value)[] FastHeartbeats =
    [
        ("Cluster:HealthCheckPollingTime", "00:00:01"),
        ("Cluster:FirstHealthCheckExecution", "00:00:00.500"),
        ("Cluster:StaleNodeTimeout", "00:00:20"),
        // A node's first commands take seconds (JIT, first connections), more while the rest of the suite runs beside it.
        ("Guards:RequestTimeout", "00:02:00"),
        ("Cluster:CheckAssignmentPeriod", "00:00:01"),
        ("Logging:LogLevel:Wolverine", "Warning"),
    ];

    private readonly string officer = ServiceProcess.Token(Roles.ProgramOfficer, "Cluster test officer");
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private PostgresServer postgres = null!;

    public async Task InitializeAsync() => postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await postgres.DisposeAsync();

    [Fact]
    public Task when_the_node_running_the_directory_is_killed_the_survivor_takes_it_over_and_applies_every_event_once() =>
        WithTwoNodesAsync(KillOneNodeMidRun);

    [Fact]
    public Task a_node_stopped_with_sigterm_hands_the_directory_over_at_once() =>
        WithTwoNodesAsync(async (running, cancellationToken) =>
        {
            var (first, second) = (running[0], running[1]);
            var agreement = await RequestAndSign(first, second, 0);
            var (owner, survivor) = await DirectoryOwner(first, second, cancellationToken);
            var ownerNode = await DirectoryNode();

            var stopping = System.Diagnostics.Stopwatch.StartNew();
            using (var owning = System.Diagnostics.Process.GetProcessById(owner.ProcessId))
            {
                using var terminate = System.Diagnostics.Process.Start("kill", ["-TERM", owner.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await terminate.WaitForExitAsync(cancellationToken);
                await owning.WaitForExitAsync(cancellationToken);
            }

            Log($"the owner stopped {stopping.Elapsed.TotalSeconds:0.0} s after SIGTERM");
            running.Remove(owner);
            await owner.DisposeAsync();

            // A clean stop deregisters the node and releases its work: the directory moves long before the survivor could
            // have taken the silent node for dead (StaleNodeTimeout, 20 s here).
            (await Count($"select count(*) from {Schema}.wolverine_nodes")).ShouldBe(1);
            var moved = await Eventually.ReadAsync(DirectoryNode, node => node is not null && node != ownerNode, TimeSpan.FromSeconds(12), cancellationToken);
            Log($"the directory moved {stopping.Elapsed.TotalSeconds:0.0} s after SIGTERM");
            moved.ShouldNotBeNull().ShouldNotBe(ownerNode);

            var later = await RequestAndSign(survivor, survivor, 1);
            var directory = await Eventually.ReadAsync(() => DirectoryVersions(survivor), seen => seen.Count == 2, TimeSpan.FromMinutes(1), cancellationToken);
            directory.Keys.ShouldBe([agreement, later], ignoreOrder: true);
        });

    private static string ServiceAssembly => Path.Combine(AppContext.BaseDirectory, "EventSourcedAgreements.dll");

    /// <summary>Two service processes on the test's database, started one after the other, killed at the end if still running.</summary>
    private async Task WithTwoNodesAsync(Func<List<ServiceProcess>, CancellationToken, Task> scenario)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var service = ServiceAssembly;
        var running = new List<ServiceProcess>();
        try
        {
            running.Add(await ServiceProcess.StartAsync(service, postgres.ConnectionString, timeout.Token, FastHeartbeats));
            Log("the first node is ready");
            running.Add(await ServiceProcess.StartAsync(service, postgres.ConnectionString, timeout.Token, FastHeartbeats));
            Log("the second node is ready");
            await scenario(running, timeout.Token);
        }
        finally
        {
            foreach (var node in running)
            {
                await node.DisposeAsync();
            }
        }
    }

    private async Task KillOneNodeMidRun(List<ServiceProcess> running, CancellationToken cancellationToken)
    {
        var (first, second) = (running[0], running[1]);
        ServiceProcess[] nodes = [first, second];

        // Commands through both nodes: a request on one, its signing on the other.
        var agreements = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            agreements.Add(await RequestAndSign(nodes[i % 2], nodes[(i + 1) % 2], i));
        }

        Log("20 agreements requested and signed through both nodes");
        var (owner, survivor) = await DirectoryOwner(first, second, cancellationToken);
        var ownerNode = await DirectoryNode();
        Log($"the directory runs on the node started {(owner == first ? "first" : "second")}");

        // The owner dies while the survivor keeps taking commands.
        var writing = Task.Run(
            async () =>
            {
                var written = new List<Guid>();
                for (var i = 20; i < 50; i++)
                {
                    written.Add(await RequestAndSign(survivor, survivor, i));
                }

                return written;
            },
            cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        running.Remove(owner);
        await owner.DisposeAsync();
        var killed = System.Diagnostics.Stopwatch.StartNew();
        agreements.AddRange(await writing);
        foreach (var id in agreements.Take(10))
        {
            await Post(survivor, CommandRoute.For<TerminateAgreement>(id), new TerminateAgreement(new DateOnly(2021, 6, 30), "ICE", "Ended in the cluster test", ExpectedVersion: null));
        }

        var expected = await AgreementVersions(survivor);
        expected.Count.ShouldBe(50);
        var directory = await Eventually.ReadAsync(
            async () => await DirectoryVersions(survivor),
            seen => seen.Count == expected.Count && seen.All(e => expected.TryGetValue(e.Key, out var version) && version == e.Value),
            TimeSpan.FromMinutes(2),
            cancellationToken);

        directory.ShouldBe(expected, ignoreOrder: true);
        Log($"the survivor's directory caught up {killed.Elapsed.TotalSeconds:0.0} s after the kill");

        // The cluster forgets the dead node, and the directory is assigned to the survivor, the one node left.
        var registered = await Eventually.ReadAsync(() => Count($"select count(*) from {Schema}.wolverine_nodes"), count => count == 1, TimeSpan.FromMinutes(1), cancellationToken);
        registered.ShouldBe(1);
        (await DirectoryNode()).ShouldNotBe(ownerNode);

        // What projection-status shows: the directory and the two subscriptions (webhooks, officers following their
        // agreement), each nothing behind, running on a live node.
        await using var storeHost = StoreHost.Open(postgres.ConnectionString);
        var store = storeHost.Store;
        var report = await Eventually.ReadAsync(
            async () => await ProjectionStatus.ReadAsync(store, cancellationToken),
            seen => seen.Projections.Count == 3 && seen.Projections.All(shard => shard.Behind == 0 && shard.Node is not null),
            TimeSpan.FromMinutes(1),
            cancellationToken);
        report.Projections.Select(shard => shard.Shard).ShouldBe(["AgencyDirectory:All", "Webhooks:All", "OfficersFollowAgreements:All"], ignoreOrder: true);
        report.Projections.ShouldAllBe(shard => shard.Behind == 0 && shard.Node != null);
        Log(ProjectionStatusCommand.Format(report, DateTimeOffset.UtcNow));
    }

    private void Log(string message) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {message}");

    private async Task<Guid> RequestAndSign(ServiceProcess requestVia, ServiceProcess signVia, int number)
    {
        var request = new { state = "FL", agencyName = $"Cluster Test County {number} Sheriff's Office", agencyType = "County", county = $"Cluster Test {number}", model = "JEM", requestedOn = "2020-01-02" };
        var id = (await Post(requestVia, "/api/agreements", request)).GetProperty("id").GetGuid();
        await Post(signVia, CommandRoute.For<SignAgreement>(id), new SignAgreement(new DateOnly(2020, 2, 3), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        return id;
    }

    private async Task<JsonElement> Post(ServiceProcess node, string path, object body)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", officer);
        using var response = await node.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (started.ElapsedMilliseconds > 1000)
        {
            Log($"POST {path} via {node.Address.Port} took {started.ElapsedMilliseconds} ms");
        }

        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path} → {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Which process runs the directory: nodes are numbered as they register, and the first process registered first.</summary>
    private async Task<(ServiceProcess Owner, ServiceProcess Survivor)> DirectoryOwner(ServiceProcess first, ServiceProcess second, CancellationToken cancellationToken)
    {
        var rank = await Eventually.ReadAsync(
            () => Count(
                $"""
                select coalesce((select rank from (select id, rank() over (order by node_number) as rank from {Schema}.wolverine_nodes) n
                                 join {Schema}.wolverine_node_assignments a on a.node_id = n.id
                                 where a.id ilike '%{AgencyDirectoryProjection.ProjectionName}%'), 0)
                  + 10 * (select count(*) from {Schema}.wolverine_nodes)
                """),
            value => value is 21 or 22,
            TimeSpan.FromMinutes(1),
            cancellationToken);
        rank.ShouldBeOneOf(21L, 22L);
        return rank == 21 ? (first, second) : (second, first);
    }

    private static async Task<Dictionary<Guid, int>> AgreementVersions(ServiceProcess node) =>
        (await node.Client.GetFromJsonAsync<JsonElement>($"/api/agreements?limit={EventSourcedAgreements.Core.Paging.MaxLimit}")).GetProperty("items").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetGuid(), a => a.GetProperty("version").GetInt32());

    private static async Task<Dictionary<Guid, int>> DirectoryVersions(ServiceProcess node) =>
        (await node.Client.GetFromJsonAsync<JsonElement>($"/api/agencies?limit={EventSourcedAgreements.Core.Paging.MaxLimit}")).GetProperty("items").EnumerateArray()
            .SelectMany(a => a.GetProperty("agreements").EnumerateArray())
            .ToDictionary(a => a.GetProperty("id").GetGuid(), a => a.GetProperty("version").GetInt32());

    /// <summary>The id of the node the directory is assigned to, or null.</summary>
    private Task<string?> DirectoryNode() =>
        Sql.ScalarAsync<string>(postgres.ConnectionString, $"select node_id::text from {Schema}.wolverine_node_assignments where id ilike '%{AgencyDirectoryProjection.ProjectionName}%'");

    private Task<long> Count(string sql) => Sql.CountAsync(postgres.ConnectionString, sql);
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterTestsDefinition
{
    public const string Name = "cluster";
}
