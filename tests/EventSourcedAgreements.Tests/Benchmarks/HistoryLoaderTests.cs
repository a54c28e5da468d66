using System.Net;
using EventSourcedAgreements.Benchmarks;
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
}
