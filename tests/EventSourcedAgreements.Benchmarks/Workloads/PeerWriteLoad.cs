using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Security;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workload 1b: the service's two cheapest commands — a request (a new stream, one event) and a signing (one event on a
/// loaded agreement) — against the plain Critter Stack peer (<see cref="CritterPeer"/>) without and with JWT, and
/// pgbench, in one run: each subject in a database of its own on the same server, warmed up, then 32 clients request
/// for the measured time and sign the agreements they requested; per command, the subject's CPU time and PostgreSQL's
/// statements and execution time (pg_stat_statements).
/// </summary>
public static class PeerWriteLoad
{
    private const string SignBody = """{"signedOn":"2019-01-22","moaUrl":"https://www.ice.gov/doclib/287gMOA/benchmark.pdf","expiresOn":"2099-01-22"}""";

    private sealed record Subject(string Name, string Database, Func<string, CancellationToken, Task<ServiceProcess>> Start, Func<string, string> RequestBody);

    private sealed record Phase(int Succeeded, int Failed, TimeSpan Elapsed, List<double> Latencies, TimeSpan Cpu, StatementStats? Statements)
    {
        public double PerSecond => Succeeded / Elapsed.TotalSeconds;
    }

    public static async Task<Section> RunAsync(Bench bench, CancellationToken cancellationToken)
    {
        var seconds = bench.Options.Seconds;
        var warmup = bench.Options.Warmup;
        var clients = bench.Options.Clients;
        var peerAssembly = typeof(CritterPeer).Assembly.Location;

        Subject Peer(string name, string database, bool jwt) => new(
            name,
            database,
            async (connectionString, token) =>
            {
                var peer = ServiceProcess.LaunchAssembly(peerAssembly, jwt ? [CritterPeer.Argument, CritterPeer.Jwt] : [CritterPeer.Argument],
                [
                    ("ASPNETCORE_ENVIRONMENT", "Production"),
                    ("ConnectionStrings:Postgres", connectionString),
                    ("Auth:SigningKey", ServiceProcess.SigningKey),
                    ("Logging:LogLevel:Default", "Warning"),
                ]);
                await peer.WaitUntilAsync(async client => (await client.GetAsync("/health", token)).StatusCode == HttpStatusCode.OK, token);
                return peer;
            },
            agency => $$"""{"state":"TX","agencyName":"{{agency}}","model":"JEM","requestedOn":"2019-01-02"}""");

        Subject[] subjects =
        [
            Peer("the plain Critter Stack peer, no auth", "bench_peer", jwt: false),
            Peer("the plain Critter Stack peer with JWT", "bench_peer_jwt", jwt: true),
            new("this service (Production, pre-generated handlers)", "bench_service",
                (connectionString, token) => ServiceProcess.StartAsync(bench.ServiceAssembly, connectionString, token),
                agency => $$"""{"state":"TX","agencyName":"{{agency}}","agencyType":"County","county":"Benchmark","model":"JEM","requestedOn":"2019-01-02"}"""),
        ];

        var pgbenchDatabase = await bench.CreateDatabaseAsync("bench_peer_pgbench", cancellationToken);
        await WriteLoad.PrepareBaselineAsync(pgbenchDatabase, cancellationToken);
        await WriteLoad.PgbenchAsync(bench, pgbenchDatabase, clients, 5, cancellationToken);
        var pgbenchBefore = await WriteLoad.PgbenchAsync(bench, pgbenchDatabase, clients, seconds, cancellationToken);

        var results = new List<(Subject Subject, Phase Request, Phase Sign)>();
        foreach (var subject in subjects)
        {
            var connectionString = await bench.CreateDatabaseAsync(subject.Database, cancellationToken);
            await using var process = await subject.Start(connectionString, cancellationToken);
            Console.WriteLine($"[peer] {subject.Name}: warming up {warmup} s, then requests {seconds} s and signings {seconds} s");
            var warm = await DriveAsync(process, connectionString, subject, clients, TimeSpan.FromSeconds(warmup / 2.0), "warmup", null, cancellationToken);
            _ = await DriveAsync(process, connectionString, subject, clients, TimeSpan.FromSeconds(warmup / 2.0), "warmup", warm.Ids, cancellationToken);
            var request = await DriveAsync(process, connectionString, subject, clients, TimeSpan.FromSeconds(seconds), "run", null, cancellationToken);
            var sign = await DriveAsync(process, connectionString, subject, clients, TimeSpan.FromSeconds(seconds), "run", request.Ids, cancellationToken);
            results.Add((subject, request.Phase, sign.Phase));
        }

        var pgbenchAfter = await WriteLoad.PgbenchAsync(bench, pgbenchDatabase, clients, seconds, cancellationToken);
        var pgbench = (pgbenchBefore.Tps + pgbenchAfter.Tps) / 2;

        var section = new Section("1b", "The write path against the plain Critter Stack peer", $"bash tests/EventSourcedAgreements.Benchmarks/run --only peer --seconds {seconds} --warmup {warmup}");
        var jwtPeer = results[1];
        foreach (var (kind, pick) in new (string, Func<(Subject Subject, Phase Request, Phase Sign), Phase>)[] { ("request", r => r.Request), ("sign", r => r.Sign) })
        {
            foreach (var result in results)
            {
                var phase = pick(result);
                var isService = ReferenceEquals(result.Subject, results[^1].Subject);
                section.Add(new Figure(
                    $"{kind}: {result.Subject.Name}, commands/s ({clients} clients)",
                    Stats.Number(phase.PerSecond, "N0"),
                    isService ? $"{Stats.Number(pick(jwtPeer).PerSecond, "N0")} (the peer with JWT)" : $"{Stats.Number(pgbench, "N0")} (pgbench)",
                    Stats.Ratio(isService ? phase.PerSecond / pick(jwtPeer).PerSecond : phase.PerSecond / pgbench),
                    isService && kind == "request" ? "≥ 1.0" : "—",
                    isService && kind == "request" ? phase.PerSecond >= pick(jwtPeer).PerSecond : null));
                section.Add(new Figure(
                    $"{kind}: {result.Subject.Name}, p50 / p99; CPU per command; PostgreSQL per command",
                    $"{Stats.Ms(Stats.Percentile(phase.Latencies, 50))} / {Stats.Ms(Stats.Percentile(phase.Latencies, 99))}; " +
                    $"{Stats.Ms(phase.Cpu.TotalMilliseconds / Math.Max(1, phase.Succeeded))}; " +
                    (phase.Statements is { } s
                        ? $"{Stats.Number((double)s.Statements / Math.Max(1, phase.Succeeded), "0.0")} statements, {Stats.Ms(s.ExecutionMs / Math.Max(1, phase.Succeeded))}, {Stats.Number((double)s.Resets / Math.Max(1, phase.Succeeded), "0.0")} resets"
                        : "not measured (pg_stat_statements not loaded)") +
                    (phase.Failed > 0 ? $"; {phase.Failed} answered other than 2xx" : string.Empty)));
            }
        }

        section.Add(new Figure("pgbench, one JSON insert per transaction", $"{Stats.Number(pgbench, "N0")} transactions/s", $"{Stats.Number(pgbenchBefore.Tps, "N0")} before, {Stats.Number(pgbenchAfter.Tps, "N0")} after"))
            .Note($"Each subject ran alone, in a database of its own on the same server, as its own process on loopback: warmed up for {warmup} s " +
                  $"(half requests, half signings), then {clients} clients (`HttpClient`, one connection each) requested agreements for {seconds} s, each for an agency of its own, " +
                  $"then signed the agreements they had requested for {seconds} s. CPU per command is the subject process's user and system time over the phase, divided by the commands it acknowledged; " +
                  "PostgreSQL per command is pg_stat_statements over the phase (statements other than BEGIN/COMMIT/DISCARD, their execution time, and the connection resets). " +
                  "The peer (`tests/EventSourcedAgreements.Benchmarks/CritterPeer.cs`) is the shape of Wolverine's and Marten's samples: a Wolverine.Http endpoint returning `MartenOps.StartStream`, " +
                  "another loading the aggregate with `[WriteAggregate]` and returning its event, an inline snapshot, lightweight sessions, `AutoApplyTransactions`, and with JWT `RequireAuthorizeOnAll`; " +
                  "its handlers are generated at start (the samples' default), this service's are pre-generated. It keeps none of the service's rules, time axes, hash chain, idempotency or projections.");
        return section;
    }

    private static async Task<(Phase Phase, ConcurrentQueue<Guid> Ids)> DriveAsync(
        ServiceProcess process, string connectionString, Subject subject, int clients, TimeSpan duration, string round, ConcurrentQueue<Guid>? toSign, CancellationToken cancellationToken)
    {
        var token = ServiceProcess.Token(Roles.ProgramOfficer, "Benchmark Officer");
        var ids = new ConcurrentQueue<Guid>();
        var latencies = new ConcurrentBag<double>();
        var failed = 0;
        var succeeded = 0;
        var counted = await StatementStats.ResetAsync(connectionString, cancellationToken);
        var cpu = process.CpuTime;
        var clock = Stopwatch.StartNew();

        async Task ClientAsync(int client)
        {
            for (var cycle = 0; clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; cycle++)
            {
                string path, body;
                if (toSign is null)
                {
                    (path, body) = ("/api/agreements", subject.RequestBody($"Benchmark County {round} {client:00} {cycle} Sheriff's Office"));
                }
                else if (toSign.TryDequeue(out var id))
                {
                    (path, body) = ($"/api/agreements/{id}/sign", SignBody);
                }
                else
                {
                    return;
                }

                var (status, text, elapsed) = await process.PostAsync(path, token, body, cancellationToken);
                if ((int)status is < 200 or > 299)
                {
                    if (Interlocked.Increment(ref failed) <= 3)
                    {
                        Console.Error.WriteLine($"[peer] {subject.Name}: {path} answered {(int)status}: {text}");
                    }

                    continue;
                }

                Interlocked.Increment(ref succeeded);
                latencies.Add(elapsed);
                if (toSign is null)
                {
                    using var json = JsonDocument.Parse(text);
                    ids.Enqueue((json.RootElement.TryGetProperty("id", out var created) ? created : json.RootElement.GetProperty("value")).GetGuid());
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c), cancellationToken)));
        var phase = new Phase(succeeded, failed, clock.Elapsed, [.. latencies], process.CpuTime - cpu, counted ? await StatementStats.ReadAsync(connectionString, cancellationToken) : null);
        return (phase, ids);
    }
}
