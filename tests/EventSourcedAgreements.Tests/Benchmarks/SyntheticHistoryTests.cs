using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Benchmarks;
using EventSourcedAgreements.Participation;

namespace EventSourcedAgreements.Tests.Benchmarks;

public sealed class SyntheticHistoryTests
{
    private static readonly IReadOnlyList<SyntheticAgreement> National = [.. SyntheticHistory.Generate()];

    private static string Fingerprint(IEnumerable<SyntheticAgreement> agreements) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', agreements.SelectMany(a =>
            a.Events.Select(e => $"{a.Id} {e.KnownAt:O} {e.Event.GetType().Name} {JsonSerializer.Serialize(e.Event, e.Event.GetType())}"))))));

    [Fact]
    public void the_national_history_has_the_size_the_performance_issue_names()
    {
        National.Select(a => a.AgencyId).Distinct().Count().ShouldBe(20_000);
        National.Count.ShouldBe(50_000);
        National.Sum(a => a.Events.Count).ShouldBe(500_000);
        National.Select(a => a.State).Distinct().Count().ShouldBe(EventSourcedAgreements.Agencies.UsState.All.Count);
        National.Select(a => a.Id).Distinct().Count().ShouldBe(50_000);
    }

    [Fact]
    public void the_same_seed_makes_the_same_history_and_another_seed_another()
    {
        Fingerprint(SyntheticHistory.Generate(agencies: 500)).ShouldBe(Fingerprint(SyntheticHistory.Generate(agencies: 500)));
        Fingerprint(SyntheticHistory.Generate(agencies: 500, seed: 1)).ShouldNotBe(Fingerprint(SyntheticHistory.Generate(agencies: 500)));
    }

    [Fact]
    public void every_agreement_folds_into_a_state_the_lifecycle_allows_with_its_dates_in_order()
    {
        var ends = new Dictionary<AgreementStatus, int>();
        var faults = new List<string>();
        foreach (var synthetic in National)
        {
            var requested = (AgreementRequested)synthetic.Events[0].Event;
            var agreement = synthetic.Events.Skip(1).Aggregate(Agreement.Start(requested), (state, e) => state.Next(e.Event));
            ends[agreement.Status] = ends.GetValueOrDefault(agreement.Status) + 1;
            var history = synthetic.Events.Skip(1).Aggregate(EffectiveHistory.Start(requested), (state, e) => state.Apply(e.Event));
            var stretches = history.Segments().ToList();
            if (agreement.Version != SyntheticHistory.EventsPerAgreement
                || synthetic.Events.Zip(synthetic.Events.Skip(1)).Any(pair => pair.First.KnownAt > pair.Second.KnownAt)
                || stretches.Count == 0
                || stretches.Any(s => s.To is { } to && to <= s.From)
                || stretches.Zip(stretches.Skip(1)).Any(pair => pair.First.To is not { } to || to > pair.Second.From))
            {
                faults.Add($"{synthetic.Id}: version {agreement.Version}, {stretches.Count} stretches");
            }
        }

        faults.ShouldBeEmpty();
        ends.Keys.ShouldBe([AgreementStatus.Active, AgreementStatus.Suspended, AgreementStatus.Terminated, AgreementStatus.Expired], ignoreOrder: true);
        (ends[AgreementStatus.Terminated] + ends[AgreementStatus.Expired]).ShouldBeGreaterThan(25_000);
    }
}
