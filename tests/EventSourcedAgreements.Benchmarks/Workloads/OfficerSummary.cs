using System.Diagnostics;
using System.Text.Json;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workload 2b: <c>officers/summary?asOf=</c> at random dates, nationwide and for one state, over HTTP, each next to the
/// same counts from the ideal officer table by one aggregate query (order alternating), every answer's counts checked
/// against it.
/// </summary>
public static class OfficerSummary
{
    private static readonly DateOnly First = new(2006, 1, 1);
    private static readonly DateOnly Last = new(2026, 11, 30);

    public sealed record History(int Officers, int Events, int SuspendedForRefresher, int IdealRows, TimeSpan Load);

    public static async Task<Section> RunAsync(Bench bench, ServiceProcess service, IdealOfficerTable ideal, History history, Func<Task<long>> appendedByService, CancellationToken cancellationToken)
    {
        var samples = bench.Options.Samples;
        var random = new Random(1919);
        var questions = Enumerable.Range(0, samples + 20)
            .Select(_ => (State: UsState.All[random.Next(UsState.All.Count)].Code, Day: First.AddDays(random.Next(Last.DayNumber - First.DayNumber))))
            .ToList();

        var nationwide = new List<double>();
        var nationwideSql = new List<double>();
        var byState = new List<double>();
        var byStateSql = new List<double>();
        var differed = 0;
        var authorized = 0L;
        var firstDifference = (string?)null;
        Console.WriteLine($"[officers] {samples} officers/summary questions nationwide and for one state, 20 first as warm-up");
        for (var i = 0; i < questions.Count; i++)
        {
            var (state, day) = questions[i];
            var measured = i >= 20;
            foreach (var oneState in new[] { null, state })
            {
                var url = $"/api/officers/summary?asOf={day:yyyy-MM-dd}{(oneState is null ? string.Empty : $"&state={oneState}")}";
                double serviceMs, sqlMs;
                string body;
                IReadOnlyList<IdealOfficerTally> tallies;
                if (i % 2 == 0)
                {
                    (serviceMs, body) = await TimeAsync(() => service.Client.GetStringAsync(url, cancellationToken));
                    (sqlMs, tallies) = await TimeAsync(() => ideal.SummaryAsync(day, oneState, cancellationToken));
                }
                else
                {
                    (sqlMs, tallies) = await TimeAsync(() => ideal.SummaryAsync(day, oneState, cancellationToken));
                    (serviceMs, body) = await TimeAsync(() => service.Client.GetStringAsync(url, cancellationToken));
                }

                var expected = Counts(tallies);
                var answered = Counts(body);
                if (!expected.SequenceEqual(answered))
                {
                    differed++;
                    firstDifference ??= $"{url}: expected [{string.Join("; ", expected.Except(answered))}], answered [{string.Join("; ", answered.Except(expected))}]";
                }

                if (measured)
                {
                    (oneState is null ? nationwide : byState).Add(serviceMs);
                    (oneState is null ? nationwideSql : byStateSql).Add(sqlMs);
                    authorized += oneState is null ? tallies.Single(t => t.State is null && t.Model is null).Officers : 0;
                }
            }
        }

        if (firstDifference is not null)
        {
            Console.WriteLine($"[officers] first difference: {firstDifference}");
        }

        var appended = await appendedByService();
        var p99 = Stats.Percentile(nationwide, 99) / Stats.Percentile(nationwideSql, 99);
        var stateP99 = Stats.Percentile(byState, 99) / Stats.Percentile(byStateSql, 99);
        var section = new Section("2b", "Designated officers as of a date on the national history", $"bash tests/EventSourcedAgreements.Benchmarks/run --only point-in-time --agencies {bench.Options.Agencies} --samples {samples}")
            .Add(new Figure(
                $"officers/summary?asOf= over HTTP, p99 ({samples} random dates)",
                Stats.Ms(Stats.Percentile(nationwide, 99)),
                $"{Stats.Ms(Stats.Percentile(nationwideSql, 99))} (ideal officer table, one aggregate SQL)",
                Stats.Ratio(p99),
                "≤ 2.00",
                p99 <= 2))
            .Add(new Figure("officers/summary?asOf=, p50", Stats.Ms(Stats.Median(nationwide)), Stats.Ms(Stats.Median(nationwideSql)), Stats.Ratio(Stats.Median(nationwide) / Stats.Median(nationwideSql))))
            .Add(new Figure(
                $"officers/summary?asOf=&state= over HTTP, p99 ({samples} random dates and states)",
                Stats.Ms(Stats.Percentile(byState, 99)),
                $"{Stats.Ms(Stats.Percentile(byStateSql, 99))} (ideal officer table, one aggregate SQL)",
                Stats.Ratio(stateP99),
                "≤ 2.00",
                stateP99 <= 2))
            .Add(new Figure("officers/summary?asOf=&state=, p50", Stats.Ms(Stats.Median(byState)), Stats.Ms(Stats.Median(byStateSql)), Stats.Ratio(Stats.Median(byState) / Stats.Median(byStateSql))))
            .Add(new Figure("answers whose counts differed from the ideal table's", Stats.Number(differed), "—", "—", "0", differed == 0))
            .Add(new Figure("officer events the service appended by itself while following the agreements (the generated record left it nothing to do)", Stats.Number(appended), "—", "—", "0", appended == 0))
            .Note($"The officers: {history.Officers:N0} designated officers with {history.Events:N0} events under the national history's agreements " +
                  $"(recorded in {Stats.Ms(history.Load.TotalMilliseconds)}, see 3b), {history.SuspendedForRefresher:N0} of them suspended at some point for an overdue refresher " +
                  "(the history is one the service could have recorded under its refresher rule with the default settings: a refresher within 365 + 90 days " +
                  "while authorized, the deadline's suspension on the overdue day, a late refresher giving the authority back); the service runs with " +
                  "`Deadlines:Enabled=false`, so that it adds nothing to a history of the past that its deadlines would find overdue today; " +
                  $"{history.IdealRows:N0} stretches of authority in the ideal table; " +
                  $"{authorized / Math.Max(1, nationwide.Count):N0} officers authorized nationwide per answer on average. " +
                  "Each answer is compared with the ideal table's in every count it gives: officers, agreements, agencies and states in total and " +
                  "per model, and officers per state and model. The ideal table holds one row per stretch of days an officer held authority " +
                  "(agreement, agency, state, model, daterange; a GiST index on the daterange and one on (state, model)), filled from a replay of " +
                  "each officer's events in memory; it knows nothing of the knowledge or recorded axes. HTTP times are the client's " +
                  "(request sent to body read) against the Release service on loopback; the SQL times are Npgsql's, from the same process.");
        return section;
    }

    /// <summary>The counts of the ideal table's answer, one line each, in order.</summary>
    private static List<string> Counts(IReadOnlyList<IdealOfficerTally> tallies) =>
        [.. tallies.Select(t => t switch
        {
            { State: null, Model: null } => $"total {t.Officers} {t.Agreements} {t.Agencies} {t.States}",
            { State: null } => $"model {t.Model} {t.Officers} {t.Agreements} {t.Agencies} {t.States}",
            _ => $"cell {t.State} {t.Model} {t.Officers}",
        }).Order(StringComparer.Ordinal)];

    /// <summary>The same counts of the service's answer.</summary>
    private static List<string> Counts(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        var totals = root.GetProperty("totals");
        var counts = new List<string> { $"total {totals.GetProperty("officers").GetInt32()} {totals.GetProperty("agreements").GetInt32()} {totals.GetProperty("agencies").GetInt32()} {totals.GetProperty("states").GetInt32()}" };
        foreach (var model in root.GetProperty("models").EnumerateArray())
        {
            counts.Add($"model {Model(model.GetProperty("model").GetString()!)} {model.GetProperty("officers").GetInt32()} {model.GetProperty("agreements").GetInt32()} {model.GetProperty("agencies").GetInt32()} {model.GetProperty("states").GetInt32()}");
        }

        foreach (var state in root.GetProperty("states").EnumerateArray())
        {
            foreach (var cell in state.GetProperty("officers").EnumerateObject())
            {
                counts.Add($"cell {state.GetProperty("state").GetString()} {Model(cell.Name)} {cell.Value.GetInt32()}");
            }
        }

        return [.. counts.Order(StringComparer.Ordinal)];
    }

    private static string Model(string name) => Enum.Parse<SupportModel>(name, ignoreCase: true).ToString();

    private static async Task<(double Milliseconds, T Result)> TimeAsync<T>(Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await action();
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, result);
    }
}
