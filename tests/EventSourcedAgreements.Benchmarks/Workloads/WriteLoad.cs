using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Security;
using Npgsql;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workloads 1 and 6: 32 clients request, sign, amend and terminate agreements over HTTP as fast as the service answers,
/// against pgbench inserting one JSON row per transaction with 32 clients on the same server; the service's peak
/// resident memory meanwhile.
/// </summary>
public static class WriteLoad
{
    private static readonly string[] Kinds = ["request", "sign", "amend", "terminate"];

    public static async Task<IReadOnlyList<Section>> RunAsync(Bench bench, CancellationToken cancellationToken)
    {
        var seconds = bench.Options.Seconds;
        var clients = bench.Options.Clients;
        var connectionString = await bench.CreateDatabaseAsync("bench_write", cancellationToken);
        await using var service = await ServiceProcess.StartAsync(bench.ServiceAssembly, connectionString, cancellationToken);
        await PrepareBaselineAsync(connectionString, cancellationToken);

        Console.WriteLine($"[write] warming up the service and pgbench for 5 s each");
        await DriveAsync(service, clients, TimeSpan.FromSeconds(5), "warmup", cancellationToken);
        await PgbenchAsync(bench, connectionString, clients, 5, cancellationToken);

        Console.WriteLine($"[write] pgbench {seconds} s, service {seconds} s, pgbench {seconds} s");
        var before = await PgbenchAsync(bench, connectionString, clients, seconds, cancellationToken);
        var eventsBefore = await Bench.CountEventsAsync(connectionString, cancellationToken);
        var counted = await StatementStats.ResetAsync(connectionString, cancellationToken);
        var serviceCpu = service.CpuTime;
        var driverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var load = await DriveAsync(service, clients, TimeSpan.FromSeconds(seconds), "run", cancellationToken);
        serviceCpu = service.CpuTime - serviceCpu;
        driverCpu = Process.GetCurrentProcess().TotalProcessorTime - driverCpu;
        var serviceStatements = counted ? await StatementStats.ReadAsync(connectionString, cancellationToken) : null;
        var top = counted ? await StatementStats.TopAsync(connectionString, 12, load.Succeeded, cancellationToken) : [];
        var eventsAfter = await Bench.CountEventsAsync(connectionString, cancellationToken);
        await StatementStats.ResetAsync(connectionString, cancellationToken);
        var after = await PgbenchAsync(bench, connectionString, clients, seconds, cancellationToken);
        var pgbenchStatements = counted ? await StatementStats.ReadAsync(connectionString, cancellationToken) : null;
        var peak = service.PeakResidentBytes;

        var baseline = (before.Tps + after.Tps) / 2;
        var commandsPerSecond = load.Succeeded / load.Elapsed.TotalSeconds;
        var all = load.Latencies.Values.SelectMany(l => l).ToList();
        var ratio = commandsPerSecond / baseline;
        var pgbenchCommand = $"pgbench -n -M prepared -c {clients} -j 2 -T {seconds} -f insert-json.sql";

        var write = new Section("1", "Commands over HTTP against PostgreSQL's commit rate", $"bash tests/EventSourcedAgreements.Benchmarks/run --only write --seconds {seconds}")
            .Add(new Figure(
                $"commands/s, {clients} clients (request, sign, amend, terminate in turn)",
                Stats.Number(commandsPerSecond, "N0"),
                $"{Stats.Number(baseline, "N0")} transactions/s (pgbench, mean of {Stats.Number(before.Tps, "N0")} before and {Stats.Number(after.Tps, "N0")} after)",
                Stats.Ratio(ratio),
                "≥ 0.50",
                ratio >= 0.5))
            .Add(new Figure("latency p50 / p99, all commands", $"{Stats.Ms(Stats.Percentile(all, 50))} / {Stats.Ms(Stats.Percentile(all, 99))}", $"{Stats.Ms(before.LatencyMs)} / {Stats.Ms(after.LatencyMs)} mean (pgbench before / after)"));
        foreach (var kind in Kinds)
        {
            var latencies = load.Latencies[kind];
            write.Add(new Figure($"latency p50 / p99, {kind} ({latencies.Count:N0} commands)", $"{Stats.Ms(Stats.Percentile(latencies, 50))} / {Stats.Ms(Stats.Percentile(latencies, 99))}"));
        }

        write.Add(new Figure("commands answered other than 2xx", Stats.Number(load.Failed), "—", "—", "0", load.Failed == 0))
            .Add(new Figure("CPU time per command: service process / load driver", $"{Stats.Ms(serviceCpu.TotalMilliseconds / load.Succeeded)} / {Stats.Ms(driverCpu.TotalMilliseconds / load.Succeeded)}"))
            .Add(StatementsFigure(serviceStatements, pgbenchStatements, load.Succeeded, after.Transactions))
            .Add(new Figure("events appended during the measured run", Stats.Number(eventsAfter - eventsBefore), $"{Stats.Number(load.Succeeded)} commands acknowledged"))
            .Note($"The service ran as its Release build in the Production environment, in its own process, behind Kestrel on loopback; " +
                  $"the {clients} clients are one .NET process (`HttpClient`, one connection each) on the same {Environment.ProcessorCount} cores. " +
                  $"Each client loops over agencies of its own, a new one each cycle (an agency and model is in force once on any day): the agency requests an agreement, the program office signs, amends and terminates it. " +
                  $"pgbench (`{pgbenchCommand}`) inserts one JSON document per transaction into a table with a bigserial key, on the same " +
                  $"server and database, before and after the service's run.");

        if (top.Count > 0)
        {
            write.Note("Where PostgreSQL's time went during the service's run (pg_stat_statements, top-level statements, per command):\n\n" +
                       "| execution time | calls | statement |\n|---|---|---|\n" + string.Join("\n", top));
        }

        var memory = new Section("6", "Memory under the write load", write.Command)
            .Add(new Figure("peak resident set (VmHWM) of the service process", Stats.Mib(peak), "—", "—", "≤ 300 MiB", peak <= 300L * 1024 * 1024))
            .Note("Read from `/proc/<pid>/status` (VmHWM) after workload 1; the process started, applied its schema and served all of workload 1.");
        return [write, memory];
    }

    private sealed record Load(int Succeeded, int Failed, TimeSpan Elapsed, IReadOnlyDictionary<string, List<double>> Latencies);

    internal sealed record PgbenchResult(double Tps, double LatencyMs, long Transactions);

    private static Figure StatementsFigure(StatementStats? service, StatementStats? pgbench, int commands, long transactions) =>
        service is null || pgbench is null || commands == 0 || transactions == 0
            ? new Figure("PostgreSQL's work per command", "not measured (pg_stat_statements not loaded)")
            : new Figure(
                "PostgreSQL's work per command: statements, execution time (pg_stat_statements)",
                $"{Stats.Number((double)service.Statements / commands, "0.0")} statements, {Stats.Ms(service.ExecutionMs / commands)}; {Stats.Number((double)service.Resets / commands, "0.0")} connection resets",
                $"{Stats.Number((double)pgbench.Statements / transactions, "0.0")} statement, {Stats.Ms(pgbench.ExecutionMs / transactions)} per pgbench transaction",
                Stats.Ratio(service.ExecutionMs / commands / (pgbench.ExecutionMs / transactions)));

    private static async Task<Load> DriveAsync(ServiceProcess service, int clients, TimeSpan duration, string round, CancellationToken cancellationToken)
    {
        var officer = ServiceProcess.Token(Roles.ProgramOfficer, "Benchmark Officer");
        var latencies = Kinds.ToDictionary(k => k, _ => new ConcurrentBag<double>());
        var failed = 0;
        var succeeded = 0;
        var clock = Stopwatch.StartNew();
        var deadline = clock.Elapsed + duration;

        async Task ClientAsync(int client)
        {
            // Each cycle is another agency's life: one agency and model is in force once on any day, so an agency whose
            // agreement was terminated cannot sign another for the same days.
            for (var cycle = 0; clock.Elapsed < deadline && !cancellationToken.IsCancellationRequested; cycle++)
            {
                var agencyName = $"Benchmark County {round} {client:00} {cycle} Sheriff's Office";
                var agency = ServiceProcess.Token(Roles.Agency, $"clerk {client}", AgencyIdentity.IdFor(UsState.FromCode("TX"), agencyName));
                var requested = await SendAsync("request", "/api/agreements", agency,
                    $$"""{"state":"Texas","agencyName":"{{agencyName}}","agencyType":"County","county":"Benchmark","model":"JEM","requestedOn":"2019-01-02"}""");
                if (requested is not { } body)
                {
                    continue;
                }

                var id = body.RootElement.GetProperty("id").GetGuid();
                // An expiry far ahead: each signing schedules its deadline (a past one would expire the agreement under the next commands).
                _ = await SendAsync("sign", $"/api/agreements/{id}/sign", officer, """{"signedOn":"2019-01-22","moaUrl":"https://www.ice.gov/doclib/287gMOA/benchmark.pdf","expiresOn":"2099-01-22"}""")
                    is not null
                    && await SendAsync("amend", $"/api/agreements/{id}/amend", officer, """{"effectiveOn":"2019-03-01","summary":"Adds the county jail annex"}""") is not null
                    && await SendAsync("terminate", $"/api/agreements/{id}/terminate", officer, """{"effectiveOn":"2020-01-01","initiatedBy":"ICE","reason":"Benchmark cycle ends"}""") is not null;
            }
        }

        async Task<JsonDocument?> SendAsync(string kind, string path, string token, string json)
        {
            var (status, body, elapsed) = await service.PostAsync(path, token, json, cancellationToken);
            if ((int)status is < 200 or > 299)
            {
                if (Interlocked.Increment(ref failed) <= 5)
                {
                    Console.Error.WriteLine($"[write] {kind} answered {(int)status}: {body}");
                }

                return null;
            }

            Interlocked.Increment(ref succeeded);
            latencies[kind].Add(elapsed);
            return JsonDocument.Parse(body);
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c), cancellationToken)));
        return new Load(succeeded, failed, clock.Elapsed, latencies.ToDictionary(l => l.Key, l => l.Value.ToList()));
    }

    internal static async Task PrepareBaselineAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand("create table if not exists bench_json (id bigserial primary key, doc jsonb not null)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<PgbenchResult> PgbenchAsync(Bench bench, string connectionString, int clients, int seconds, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"esa-bench-insert-json-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(
            script,
            """
            insert into bench_json (doc) values (jsonb_build_object('agreementId', gen_random_uuid(), 'client', cast(:client_id as integer), 'signedOn', '2019-01-22', 'moaUrl', 'https://www.ice.gov/doclib/287gMOA/benchmark.pdf', 'expiresOn', '2099-01-22'));
            """,
            cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var output = await bench.RunPostgresToolAsync(
            "pgbench",
            ["-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture),
             "-f", script, "-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username!, target.Database!],
            cancellationToken);
        return new PgbenchResult(Extract(output, "tps = "), Extract(output, "latency average = "), (long)Extract(output, "number of transactions actually processed: "));
    }

    private static double Extract(string output, string label)
    {
        var line = output.Split('\n').First(l => l.StartsWith(label, StringComparison.Ordinal));
        return double.Parse(line[label.Length..].Split(' ')[0], CultureInfo.InvariantCulture);
    }

}
