using System.Globalization;
using BenchmarkDotNet.Attributes;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using JasperFx.Events;

namespace EventSourcedAgreements.Benchmarks.Micro;

/// <summary>
/// What a projection costs per agreement, in memory: folding an agreement's ten events into its participation rows,
/// against folding them into its snapshot (the least any projection does with the same events).
/// </summary>
[MemoryDiagnoser]
public class FoldBenchmarks
{
    private List<List<IEvent>> streams = [];

    [GlobalSetup]
    public void Setup() =>
        streams = [.. SyntheticHistory.Generate(agencies: 40).Select(agreement => agreement.Events.Select((e, i) =>
        {
            var wrapped = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(e.Event.GetType()), e.Event)!;
            wrapped.Version = i + 1;
            wrapped.StreamId = agreement.Id;
            wrapped.SetHeader(Knowledge.KnownAtHeader, e.KnownAt.ToString("O", CultureInfo.InvariantCulture));
            return wrapped;
        }).ToList())];

    [Benchmark(Baseline = true, Description = "snapshot fold (Agreement.Next), 100 agreements")]
    public int Snapshot() =>
        streams.Sum(stream => stream.Skip(1).Aggregate(Agreement.Start((AgreementRequested)stream[0].Data), (agreement, e) => agreement.Next(e.Data)).Version);

    [Benchmark(Description = "participation rows (EffectiveHistory.Rows), 100 agreements")]
    public int ParticipationRows() =>
        streams.Sum(stream =>
        {
            var (periods, changes) = EffectiveHistory.Rows(stream);
            return periods.Count + changes.Count;
        });
}
