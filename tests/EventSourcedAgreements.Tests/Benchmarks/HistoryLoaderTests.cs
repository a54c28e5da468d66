using System.Net;
using EventSourcedAgreements.Benchmarks;
using EventSourcedAgreements.Officers.Summarizing;
using EventSourcedAgreements.Participation.Summarizing;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedAgreements.Tests.Benchmarks;

public sealed class HistoryLoaderTests(AppFixture app) : AppTest(app)
{
    /// <summary>The replay of each agreement's events in memory: the answer the benchmarks compare the service's SQL with.</summary>
    private static int InForceByReplay(IEnumerable<SyntheticAgreement> agreements, DateOnly day) =>
        agreements.Count(agreement => IdealTable.Stretches(agreement).Any(s => s.From <= day && (s.To is not { } to || day < to)));

    [Fact]
    public async Task a_loaded_synthetic_history_is_answered_by_the_service_as_its_replay_says()
    {
        var agreements = SyntheticHistory.Generate(agencies: 40).ToList();

        var events = await HistoryLoader.LoadAsync(App.Host.Services.GetRequiredService<IDocumentStore>(), agreements, agreementsPerTransaction: 30);

        events.ShouldBe(1_000);
        var inForce = new List<int>();
        foreach (var day in new[] { new DateOnly(2008, 6, 1), new DateOnly(2012, 3, 15), new DateOnly(2016, 1, 1), new DateOnly(2019, 5, 20), new DateOnly(2024, 1, 1) })
        {
            var summary = (await Send($"/api/participants/summary?asOf={day:yyyy-MM-dd}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipationSummary>()!;
            summary.Totals.Agreements.ShouldBe(InForceByReplay(agreements, day), $"in force on {day}");
            inForce.Add(summary.Totals.Agreements);
        }

        inForce.Max().ShouldBeGreaterThan(10);

        (await Details(agreements[0].Id)).Version.ShouldBe(SyntheticHistory.EventsPerAgreement);
    }

    [Fact]
    public async Task the_ideal_table_the_benchmarks_measure_against_gives_the_services_answers()
    {
        var agreements = SyntheticHistory.Generate(agencies: 150).ToList();
        await HistoryLoader.LoadAsync(App.Host.Services.GetRequiredService<IDocumentStore>(), agreements);
        await using var database = Npgsql.NpgsqlDataSource.Create(App.Postgres.ConnectionString);
        var ideal = new IdealTable(database);
        await ideal.CreateAsync(agreements);

        var compared = 0;
        foreach (var state in new[] { "AL", "FL", "TX" })
        {
            foreach (var day in new[] { new DateOnly(2010, 6, 1), new DateOnly(2014, 2, 28), new DateOnly(2019, 5, 20) })
            {
                var service = (await Send($"/api/participants?asOf={day:yyyy-MM-dd}&state={state}", null, null, HttpStatusCode.OK, "GET"))
                    .ReadAsJson<System.Text.Json.JsonElement>().GetProperty("participants").EnumerateArray()
                    .Select(p => p.GetProperty("agreementId").GetGuid()).Order().ToList();
                (await ideal.InForceAsync(state, day)).Order().ToList().ShouldBe(service, $"{state} on {day}");
                IdealTable.InForceByReplay(agreements, state, day).Order().ToList().ShouldBe(service, $"{state} on {day}");
                compared += service.Count;
            }
        }

        compared.ShouldBeGreaterThan(5);
    }

    [Fact]
    public async Task loaded_synthetic_officers_are_counted_by_the_service_as_the_ideal_officer_table_counts_them()
    {
        var agreements = SyntheticHistory.Generate(agencies: 150).ToList();
        var officers = SyntheticOfficers.Generate(agreements).ToList();
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await HistoryLoader.LoadAsync(store, agreements);

        var events = await HistoryLoader.LoadOfficersAsync(store, officers, officersPerTransaction: 100);

        events.ShouldBe(SyntheticOfficers.CountEvents(officers));
        await using var database = Npgsql.NpgsqlDataSource.Create(App.Postgres.ConnectionString);
        var ideal = new IdealOfficerTable(database);
        (await ideal.CreateAsync(officers)).ShouldBeGreaterThan(officers.Count / 2);
        var compared = 0;
        foreach (var day in new[] { new DateOnly(2009, 6, 1), new DateOnly(2013, 2, 28), new DateOnly(2017, 9, 15), new DateOnly(2021, 5, 20), new DateOnly(2025, 1, 1) })
        {
            foreach (var state in new[] { null, "FL", "TX" })
            {
                var summary = (await Send($"/api/officers/summary?asOf={day:yyyy-MM-dd}{(state is null ? string.Empty : $"&state={state}")}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<OfficerSummary>()!;
                var tallies = await ideal.SummaryAsync(day, state);
                var total = tallies.Single(t => t.State is null && t.Model is null);
                summary.Totals.ShouldBe(new OfficerTally(total.Officers, total.Agreements, total.Agencies, total.States), $"{state} on {day}");
                summary.Models.Select(m => (m.Model.ToString(), m.Officers, m.Agreements, m.Agencies, m.States)).ShouldBe(
                    tallies.Where(t => t.State is null && t.Model is not null).OrderBy(t => Enum.Parse<EventSourcedAgreements.Agreements.SupportModel>(t.Model!))
                        .Select(t => (t.Model!, t.Officers, t.Agreements, t.Agencies, t.States)),
                    $"{state} on {day}");
                summary.States.SelectMany(s => s.Officers.Select(o => (s.State, o.Key.ToString(), o.Value))).Order().ShouldBe(
                    tallies.Where(t => t.State is not null).Select(t => (t.State!, t.Model!, t.Officers)).Order(),
                    $"{state} on {day}");
                compared += summary.Totals.Officers;
            }
        }

        compared.ShouldBeGreaterThan(50);
    }
}
