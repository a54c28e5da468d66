using System.Diagnostics;
using System.Globalization;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workloads 2, 3 (bulk load) and 4 on one synthetic national history: it is recorded through the service's store
/// (against Marten's bulk append of the same events), then asked point-in-time questions (against an ideal table and a
/// replay of every stream), then its projections are rebuilt from the events (against reading the events table).
/// </summary>
public static class NationalHistory
{
    public static async Task<IReadOnlyList<Section>> RunAsync(Bench bench, CancellationToken cancellationToken)
    {
        var agencies = bench.Options.Agencies;
        var agreements = SyntheticHistory.Generate(agencies).ToList();
        var eventCount = agreements.Sum(a => a.Events.Count);
        Console.WriteLine($"[national] {agencies:N0} agencies, {agreements.Count:N0} agreements, {eventCount:N0} events");
        var connectionString = await bench.CreateDatabaseAsync("bench_national", cancellationToken);
        await using var service = await ServiceProcess.StartAsync(bench.ServiceAssembly, connectionString, cancellationToken);
        await using var storeHost = StoreHost.Open(connectionString);
        var store = (DocumentStore)storeHost.Store;
        var sections = new List<Section>();

        var load = await LoadAsync(bench, store, agreements, eventCount, cancellationToken);
        sections.Add(load);

        await using var database = NpgsqlDataSource.Create(connectionString);
        var ideal = new IdealTable(database);
        await ideal.CreateAsync(agreements, cancellationToken);
        if (bench.Options.Runs("point-in-time"))
        {
            sections.Add(await PointInTime.RunAsync(bench, service, ideal, database, store, agreements.Count, eventCount, cancellationToken));
        }

        if (bench.Options.Runs("rebuild"))
        {
            sections.Add(await Rebuild.RunAsync(store, database, eventCount, cancellationToken));
        }

        return sections;
    }

    /// <summary>The events table of the service's layout (its schema, serializer and metadata) and nothing else: no projections, no hash chain.</summary>
    public static DocumentStore OpenEventsOnly(string connectionString) =>
        DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = EventStoreFeature.Schema;
            options.UseSystemTextJsonForSerialization(Weasel.Core.EnumStorage.AsString);
            options.Events.MetadataConfig.UserNameEnabled = true;
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.HeadersEnabled = true;
        });

    private static async Task<Section> LoadAsync(Bench bench, DocumentStore store, List<SyntheticAgreement> agreements, int eventCount, CancellationToken cancellationToken)
    {
        Console.WriteLine("[bulk load] through the service's store, projections inline");
        var clock = Stopwatch.StartNew();
        await HistoryLoader.LoadAsync(store, agreements, cancellationToken: cancellationToken);
        var loaded = clock.Elapsed;

        Console.WriteLine("[bulk load] Marten's bulk append of the same events");
        var bulkConnection = await bench.CreateDatabaseAsync("bench_bulk_append", cancellationToken);
        await using var bulkStore = OpenEventsOnly(bulkConnection);
        await bulkStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var actions = agreements.Select(a =>
        {
            var action = StreamAction.Start(bulkStore.Events, a.Id, [.. a.Events.Select(e => e.Event)]);
            for (var i = 0; i < a.Events.Count; i++)
            {
                action.Events[i].SetHeader(Knowledge.KnownAtHeader, a.Events[i].KnownAt.ToString("O", CultureInfo.InvariantCulture));
                action.Events[i].SetHeader(Knowledge.SourceHeader, HistoryLoader.Source);
            }

            return action;
        }).ToList();
        clock.Restart();
        await bulkStore.BulkInsertEventsAsync(actions, cancellation: cancellationToken);
        var bulk = clock.Elapsed;

        var rate = eventCount / loaded.TotalSeconds;
        var bulkRate = eventCount / bulk.TotalSeconds;
        return new Section("3b", "Bulk load of the synthetic national history", $"bash tests/EventSourcedAgreements.Benchmarks/run --only point-in-time --agencies {bench.Options.Agencies}")
            .Add(new Figure(
                $"{eventCount:N0} events of {agreements.Count:N0} agreements recorded with projections inline",
                $"{Stats.Ms(loaded.TotalMilliseconds)} ({Stats.Number(rate)} events/s)",
                $"{Stats.Ms(bulk.TotalMilliseconds)} ({Stats.Number(bulkRate)} events/s, Marten's `BulkInsertEventsAsync`)",
                Stats.Ratio(rate / bulkRate),
                "reported"))
            .Note("The load records each agreement's ten events through Marten sessions of 250 agreements each, every event with " +
                  "its own known-at header, with the tamper-evidence hash chain and the agreement snapshots and participation rows " +
                  "projected in the same transactions. Marten's bulk append copies the same events (same headers) into an empty " +
                  "store of the same layout, with no projections and no hash chain: the cost of writing the events alone.");
    }
}
