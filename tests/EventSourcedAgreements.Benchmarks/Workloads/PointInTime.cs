using System.Diagnostics;
using System.Text.Json;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Participation.GettingParticipants;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workload 2: <c>participants?asOf=&amp;state=</c> and <c>summary?asOf=</c> at random dates and states over HTTP,
/// each next to the same answer from the ideal table by hand-written SQL (order alternating), every answer checked
/// against it; and the same question answered by replaying every stream.
/// </summary>
public static class PointInTime
{
    private static readonly DateOnly First = new(2006, 1, 1);
    private static readonly DateOnly Last = new(2026, 11, 30);

    public static async Task<Section> RunAsync(Bench bench, ServiceProcess service, IdealTable ideal, NpgsqlDataSource database, IDocumentStore store, int agreements, int events, CancellationToken cancellationToken)
    {
        var samples = bench.Options.Samples;
        var random = new Random(2019);
        var questions = Enumerable.Range(0, samples + 20)
            .Select(_ => (State: UsState.All[random.Next(UsState.All.Count)].Code, Day: First.AddDays(random.Next(Last.DayNumber - First.DayNumber))))
            .ToList();

        var http = new List<double>();
        var inProcess = new List<double>();
        var sql = new List<double>();
        var summaryHttp = new List<double>();
        var summarySql = new List<double>();
        var floor = new List<double>();
        var rows = 0L;
        var mismatches = 0;
        Console.WriteLine($"[point-in-time] {samples} participants and summary questions, 20 first as warm-up");
        for (var i = 0; i < questions.Count; i++)
        {
            var (state, day) = questions[i];
            var measured = i >= 20;
            async Task ServiceAsync()
            {
                var (elapsed, body) = await TimeAsync(() => service.Client.GetStringAsync($"/api/participants?asOf={day:yyyy-MM-dd}&state={state}", cancellationToken));
                var (inside, answer) = await TimeAsync(() => new ParticipantsQuery(day, new QueryTime(DateTimeOffset.UtcNow, null, DateTimeOffset.UtcNow), state, null).RunAsync(database, EventStoreFeature.Schema, cancellationToken));
                var expected = await ideal.ParticipantsAsync(state, day, cancellationToken);
                var ids = Ids(body);
                if (!ids.SequenceEqual(expected.Select(p => p.AgreementId)) || !answer.Participants.Select(p => p.AgreementId).SequenceEqual(ids))
                {
                    mismatches++;
                }

                if (measured)
                {
                    http.Add(elapsed);
                    inProcess.Add(inside);
                    rows += ids.Count;
                }
            }

            async Task IdealAsync()
            {
                var (elapsed, _) = await TimeAsync(() => ideal.ParticipantsAsync(state, day, cancellationToken));
                if (measured)
                {
                    sql.Add(elapsed);
                }
            }

            async Task SummaryAsync()
            {
                var (elapsed, body) = await TimeAsync(() => service.Client.GetStringAsync($"/api/participants/summary?asOf={day:yyyy-MM-dd}", cancellationToken));
                var (baseline, tallies) = await TimeAsync(() => ideal.SummaryAsync(day, cancellationToken));
                var total = tallies.SingleOrDefault(t => t.State is null && t.Model is null)?.Agreements ?? 0;
                if (JsonDocument.Parse(body).RootElement.GetProperty("totals").GetProperty("agreements").GetInt32() != total)
                {
                    mismatches++;
                }

                if (measured)
                {
                    summaryHttp.Add(elapsed);
                    summarySql.Add(baseline);
                }
            }

            if (i % 2 == 0)
            {
                await ServiceAsync();
                await IdealAsync();
            }
            else
            {
                await IdealAsync();
                await ServiceAsync();
            }

            await SummaryAsync();
            var (live, _) = await TimeAsync(() => service.Client.GetStringAsync("/health/live", cancellationToken));
            if (measured)
            {
                floor.Add(live);
            }
        }

        Console.WriteLine("[point-in-time] replaying every stream, three times");
        var replays = new List<double>();
        foreach (var (state, day) in questions.Take(3))
        {
            var (elapsed, ids) = await TimeAsync(() => ReplayAsync(store, state, day, cancellationToken));
            replays.Add(elapsed);
            var expected = await ideal.ParticipantsAsync(state, day, cancellationToken);
            if (!ids.Order().SequenceEqual(expected.Select(p => p.AgreementId).Order()))
            {
                mismatches++;
            }
        }

        var p99 = Stats.Percentile(http, 99) / Stats.Percentile(sql, 99);
        var summaryP99 = Stats.Percentile(summaryHttp, 99) / Stats.Percentile(summarySql, 99);
        return new Section("2", "Point-in-time questions on a national history", $"bash tests/EventSourcedAgreements.Benchmarks/run --only point-in-time --agencies {bench.Options.Agencies} --samples {samples}")
            .Add(new Figure(
                $"participants?asOf=&state= over HTTP, p99 ({samples} random dates and states)",
                Stats.Ms(Stats.Percentile(http, 99)),
                $"{Stats.Ms(Stats.Percentile(sql, 99))} (ideal table, SQL)",
                Stats.Ratio(p99),
                "≤ 2.00",
                p99 <= 2))
            .Add(new Figure("participants, p50", Stats.Ms(Stats.Median(http)), Stats.Ms(Stats.Median(sql)), Stats.Ratio(Stats.Median(http) / Stats.Median(sql))))
            .Add(new Figure("the HTTP floor: GET /health/live, p50 / p99", $"{Stats.Ms(Stats.Median(floor))} / {Stats.Ms(Stats.Percentile(floor, 99))}"))
            .Add(new Figure("participants, the service's query in-process (no HTTP), p50 / p99", $"{Stats.Ms(Stats.Median(inProcess))} / {Stats.Ms(Stats.Percentile(inProcess, 99))}", $"{Stats.Ms(Stats.Median(sql))} / {Stats.Ms(Stats.Percentile(sql, 99))}", Stats.Ratio(Stats.Percentile(inProcess, 99) / Stats.Percentile(sql, 99))))
            .Add(new Figure(
                $"summary?asOf= over HTTP, p99 ({samples} random dates)",
                Stats.Ms(Stats.Percentile(summaryHttp, 99)),
                $"{Stats.Ms(Stats.Percentile(summarySql, 99))} (ideal table, one aggregate SQL)",
                Stats.Ratio(summaryP99),
                "≤ 2.00",
                summaryP99 <= 2))
            .Add(new Figure("summary, p50", Stats.Ms(Stats.Median(summaryHttp)), Stats.Ms(Stats.Median(summarySql)), Stats.Ratio(Stats.Median(summaryHttp) / Stats.Median(summarySql))))
            .Add(new Figure(
                "replaying every stream to answer one participants question (median of 3)",
                Stats.Ms(Stats.Median(replays)),
                $"{Stats.Ms(Stats.Median(http))} (service p50)",
                $"service {Stats.Number(Stats.Median(replays) / Stats.Median(http))}× faster"))
            .Add(new Figure("answers that differed from the ideal table's", Stats.Number(mismatches), "—", "—", "0", mismatches == 0))
            .Note($"The history: {agreements:N0} agreements, {events:N0} events; {rows / Math.Max(1, http.Count):N0} agreements per state answer on average. " +
                  "The ideal table holds one row per stretch in force (the answer's columns and a daterange, GiST and (state) indexes), " +
                  "filled from the in-memory replay; it knows nothing of the knowledge axis, corrections or uncertain delistings. " +
                  "HTTP times are the client's (request sent to body read) against the Release service on loopback; the SQL times are " +
                  "Npgsql's, query sent to the last row read, from the same process. Replay reads every event through Marten and " +
                  "folds each stream.");
    }

    private static List<Guid> Ids(string body) =>
        [.. JsonDocument.Parse(body).RootElement.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("agreementId").GetGuid())];

    private static async Task<(double Milliseconds, T Result)> TimeAsync<T>(Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await action();
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, result);
    }

    /// <summary>Reads every event of the store in order and folds each agreement, then asks the folded histories.</summary>
    private static async Task<List<Guid>> ReplayAsync(IDocumentStore store, string state, DateOnly day, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var histories = new Dictionary<Guid, EffectiveHistory>();
        await foreach (var e in session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToAsyncEnumerable(cancellationToken))
        {
            if (e.Data is AgreementRequested requested)
            {
                histories[e.StreamId] = EffectiveHistory.Start(requested);
            }
            else if (histories.TryGetValue(e.StreamId, out var history))
            {
                histories[e.StreamId] = history.Apply(e.Data);
            }
        }

        return [.. histories.Values.Where(h => h.State == state && h.Segments().Any(s => s.From <= day && (s.To is not { } to || day < to))).Select(h => h.AgreementId)];
    }
}
