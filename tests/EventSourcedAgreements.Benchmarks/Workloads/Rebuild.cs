using System.Diagnostics;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Hosting;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workload 4: every projection rebuilt from the events (the agreement snapshots and the participation tables) by the
/// service's <c>rebuild</c>, against reading every row of the events table; Marten's own rebuild of the snapshots
/// (its projection daemon) for comparison.
/// </summary>
public static class Rebuild
{
    public static async Task<Section> RunAsync(DocumentStore store, NpgsqlDataSource database, int events, CancellationToken cancellationToken)
    {
        Console.WriteLine("[rebuild] reading the events table");
        var clock = Stopwatch.StartNew();
        var read = await ReadEventsAsync(database, cancellationToken);
        var reading = clock.Elapsed;

        Console.WriteLine("[rebuild] the service's rebuild of every projection");
        clock.Restart();
        var rebuilt = await Rebuilding.Rebuild.AllAsync(store, cancellationToken);
        var rebuild = clock.Elapsed;

        Console.WriteLine("[rebuild] reading the events table again");
        clock.Restart();
        await ReadEventsAsync(database, cancellationToken);
        var readingAgain = clock.Elapsed;

        Console.WriteLine("[rebuild] reading the events through Marten, in stream order");
        clock.Restart();
        var deserialized = 0L;
        await using (var session = store.QuerySession())
        {
            await foreach (var e in session.Events.QueryAllRawEvents().OrderBy(e => e.StreamId).ThenBy(e => e.Version).ToAsyncEnumerable(cancellationToken))
            {
                deserialized += e.Version;
            }
        }

        var martenReading = clock.Elapsed;
        Console.WriteLine("[rebuild] Marten's projection daemon rebuilding the agreement snapshots");
        clock.Restart();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<Agreement>(cancellationToken);
        }

        var daemonRebuild = clock.Elapsed;
        var rows = await CountAsync(database, $"select (select count(*) from {EventStoreFeature.Schema}.{Participation.ParticipationFeature.PeriodsTable}) || ' periods, ' || (select count(*) from {EventStoreFeature.Schema}.{Participation.ParticipationFeature.ChangesTable}) || ' changes'", cancellationToken);
        var baseline = (reading + readingAgain) / 2;
        var ratio = baseline / rebuild;
        return new Section("4", "Rebuilding every projection from the events", "bash tests/EventSourcedAgreements.Benchmarks/run --only rebuild")
            .Add(new Figure(
                $"`rebuild`: snapshots and participation tables of {rebuilt.Agreements:N0} agreements from {rebuilt.Events:N0} events",
                Stats.Ms(rebuild.TotalMilliseconds),
                $"{Stats.Ms(baseline.TotalMilliseconds)} (reading all {read:N0} rows of mt_events, mean of before and after)",
                Stats.Ratio(ratio),
                "≥ 0.25",
                ratio >= 0.25))
            .Add(new Figure("rows written besides the snapshots", rows))
            .Add(new Figure("of which reading and deserializing the events through Marten (nothing written)", Stats.Ms(martenReading.TotalMilliseconds), Stats.Ms(baseline.TotalMilliseconds), Stats.Ratio(baseline / martenReading)))
            .Add(new Figure("Marten's projection daemon rebuilding the agreement snapshots alone", Stats.Ms(daemonRebuild.TotalMilliseconds), Stats.Ms(baseline.TotalMilliseconds), Stats.Ratio(baseline / daemonRebuild)))
            .Note("The baseline reads every column of every row of `mt_events` in sequence order with Npgsql and does nothing with it. " +
                  "`rebuild` (`dotnet run --project src/EventSourcedAgreements -- rebuild`) reads the same events through Marten once, in " +
                  "stream order, folds each agreement into its snapshot and its participation rows, and writes them with COPY every " +
                  "1,000 agreements, all in one transaction.");
    }

    private static async Task<string> CountAsync(NpgsqlDataSource database, string sql, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> ReadEventsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"select * from {EventStoreFeature.Schema}.mt_events order by seq_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = 0L;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(cancellationToken))
        {
            reader.GetValues(values);
            rows++;
        }

        return rows;
    }
}
