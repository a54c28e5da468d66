using System.Diagnostics;
using System.Globalization;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Officers;
using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workloads 2, 2b, 3 (bulk load) and 4 on one synthetic national history, its agreements and their designated
/// officers: it is recorded through the service's store (against Marten's bulk append of the same events), then asked
/// point-in-time questions (against ideal tables and a replay of every stream), then its projections are rebuilt from
/// the events (against reading the events table).
/// </summary>
public static class NationalHistory
{
    /// <summary>
    /// The service answers the recorded history and adds nothing to it: its deadlines are off. The history is of the past
    /// (nothing dated after <see cref="SyntheticOfficers.Horizon"/>), and today the deadlines would find work in it: the
    /// agreements left in force are past their expiry date (the synthetic agreements record no expiry of their own), and
    /// many an officer left authorized took its last refresher more than 455 days ago; the sweep (every hour) would append
    /// expiries, lapses and suspensions in the middle of the run, and the counts asked of the service would no longer be
    /// the ideal tables'.
    /// </summary>
    public static readonly (string, string) NoDeadlines = (EventSourcedAgreements.Deadlines.DeadlineSettings.EnabledSetting, "false");

    public static async Task<IReadOnlyList<Section>> RunAsync(Bench bench, CancellationToken cancellationToken)
    {
        var agencies = bench.Options.Agencies;
        var agreements = SyntheticHistory.Generate(agencies).ToList();
        var eventCount = agreements.Sum(a => a.Events.Count);
        var officers = SyntheticOfficers.Generate(agreements).ToList();
        var officerEvents = SyntheticOfficers.CountEvents(officers);
        Console.WriteLine($"[national] {agencies:N0} agencies, {agreements.Count:N0} agreements, {eventCount:N0} events; {officers.Count:N0} officers, {officerEvents:N0} officer events");
        var connectionString = await bench.CreateDatabaseAsync("bench_national", cancellationToken);
        await using var service = await ServiceProcess.StartAsync(bench.ServiceAssembly, connectionString, cancellationToken, NoDeadlines);
        await using var storeHost = StoreHost.Open(connectionString);
        var store = (DocumentStore)storeHost.Store;
        var sections = new List<Section>();

        var (load, officerLoad) = await LoadAsync(bench, store, agreements, eventCount, officers, officerEvents, cancellationToken);
        sections.Add(load);

        await using var database = NpgsqlDataSource.Create(connectionString);
        var ideal = new IdealTable(database);
        await ideal.CreateAsync(agreements, cancellationToken);
        var idealOfficers = new IdealOfficerTable(database);
        var idealOfficerRows = await idealOfficers.CreateAsync(officers, cancellationToken);
        if (bench.Options.Runs("point-in-time"))
        {
            sections.Add(await PointInTime.RunAsync(bench, service, ideal, database, store, agreements.Count, eventCount, cancellationToken));
            sections.Add(await OfficerSummary.RunAsync(
                bench,
                service,
                idealOfficers,
                new OfficerSummary.History(officers.Count, officerEvents, officers.Count(o => o.Events.Any(e => e.Event is AuthoritySuspendedForRefresher)), idealOfficerRows, officerLoad),
                async () => await Bench.CountEventsAsync(connectionString, cancellationToken) - eventCount - officerEvents,
                cancellationToken));
        }

        if (bench.Options.Runs("rebuild"))
        {
            sections.Add(await Rebuild.RunAsync(store, database, eventCount + officerEvents, cancellationToken));
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

    private static async Task<(Section Section, TimeSpan OfficerLoad)> LoadAsync(
        Bench bench, DocumentStore store, List<SyntheticAgreement> agreements, int eventCount, List<SyntheticOfficer> officers, int officerEvents, CancellationToken cancellationToken)
    {
        Console.WriteLine("[bulk load] through the service's store, projections inline");
        var clock = Stopwatch.StartNew();
        await HistoryLoader.LoadAsync(store, agreements, cancellationToken: cancellationToken);
        var loaded = clock.Elapsed;

        Console.WriteLine("[bulk load] the officers through the service's store, projections inline");
        clock.Restart();
        await HistoryLoader.LoadOfficersAsync(store, officers, cancellationToken: cancellationToken);
        var officersLoaded = clock.Elapsed;

        Console.WriteLine("[bulk load] Marten's bulk append of the same events");
        var bulkConnection = await bench.CreateDatabaseAsync("bench_bulk_append", cancellationToken);
        await using var bulkStore = OpenEventsOnly(bulkConnection);
        await bulkStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var actions = agreements.Select(a => Action(bulkStore, a.Id, [.. a.Events.Select(e => (e.Event, e.KnownAt, HistoryLoader.Source))])).ToList();
        clock.Restart();
        await bulkStore.BulkInsertEventsAsync(actions, cancellation: cancellationToken);
        var bulk = clock.Elapsed;

        var officerActions = officers.Select(o => Action(bulkStore, o.Id, o.Events)).ToList();
        clock.Restart();
        await bulkStore.BulkInsertEventsAsync(officerActions, cancellation: cancellationToken);
        var officersBulk = clock.Elapsed;

        var rate = eventCount / loaded.TotalSeconds;
        var bulkRate = eventCount / bulk.TotalSeconds;
        var officerRate = officerEvents / officersLoaded.TotalSeconds;
        var officerBulkRate = officerEvents / officersBulk.TotalSeconds;
        var section = new Section("3b", "Bulk load of the synthetic national history", $"bash tests/EventSourcedAgreements.Benchmarks/run --only point-in-time --agencies {bench.Options.Agencies}")
            .Add(new Figure(
                $"{eventCount:N0} events of {agreements.Count:N0} agreements recorded with projections inline",
                $"{Stats.Ms(loaded.TotalMilliseconds)} ({Stats.Number(rate)} events/s)",
                $"{Stats.Ms(bulk.TotalMilliseconds)} ({Stats.Number(bulkRate)} events/s, Marten's `BulkInsertEventsAsync`)",
                Stats.Ratio(rate / bulkRate),
                "reported"))
            .Add(new Figure(
                $"then {officerEvents:N0} events of {officers.Count:N0} officers under those agreements, projections inline",
                $"{Stats.Ms(officersLoaded.TotalMilliseconds)} ({Stats.Number(officerRate)} events/s)",
                $"{Stats.Ms(officersBulk.TotalMilliseconds)} ({Stats.Number(officerBulkRate)} events/s, Marten's `BulkInsertEventsAsync`)",
                Stats.Ratio(officerRate / officerBulkRate),
                "reported"))
            .Note("The load records each agreement's ten events through Marten sessions of 250 agreements each, every event with " +
                  "its own known-at header, with the tamper-evidence hash chain and the agreement snapshots and participation rows " +
                  "projected in the same transactions; then the officers' events, 500 officer streams per session, with the officer " +
                  "snapshots and `officer_authority_periods` projected in the same transactions. Marten's bulk append copies the same " +
                  "events (same headers) into an empty store of the same layout, with no projections and no hash chain: the cost of " +
                  "writing the events alone.");
        return (section, officersLoaded);
    }

    private static StreamAction Action(DocumentStore store, Guid id, IReadOnlyList<(object Event, DateTimeOffset KnownAt, string Source)> events)
    {
        var action = StreamAction.Start(store.Events, id, [.. events.Select(e => e.Event)]);
        for (var i = 0; i < events.Count; i++)
        {
            action.Events[i].SetHeader(Knowledge.KnownAtHeader, events[i].KnownAt.ToString("O", CultureInfo.InvariantCulture));
            action.Events[i].SetHeader(Knowledge.SourceHeader, events[i].Source);
        }

        return action;
    }
}
