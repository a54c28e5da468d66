using System.Diagnostics;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Benchmarks.Workloads;

/// <summary>
/// Workload 4: every projection rebuilt from the events (the agreement snapshots and the participation tables),
/// against reading every row of the events table.
/// </summary>
public static class Rebuild
{
    public static async Task<Section> RunAsync(DocumentStore store, NpgsqlDataSource database, int events, CancellationToken cancellationToken)
    {
        Console.WriteLine("[rebuild] reading the events table");
        var clock = Stopwatch.StartNew();
        var read = await ReadEventsAsync(database, cancellationToken);
        var reading = clock.Elapsed;

        Console.WriteLine("[rebuild] agreement snapshots");
        clock.Restart();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<Agreement>(cancellationToken);
        }

        var snapshots = clock.Elapsed;
        Console.WriteLine("[rebuild] participation tables");
        clock.Restart();
        await new ParticipationProjection(store.Options.DatabaseSchemaName).RebuildAsync(store, cancellationToken);
        var participation = clock.Elapsed;

        var total = snapshots + participation;
        var ratio = reading / total;
        return new Section("4", "Rebuilding every projection from the events", "bash tests/EventSourcedAgreements.Benchmarks/run --only rebuild")
            .Add(new Figure(
                $"rebuild of all projections over {events:N0} events",
                Stats.Ms(total.TotalMilliseconds),
                $"{Stats.Ms(reading.TotalMilliseconds)} (reading all {read:N0} rows of mt_events)",
                Stats.Ratio(ratio),
                "≥ 0.25",
                ratio >= 0.25))
            .Add(new Figure("of which agreement snapshots (Marten's projection daemon)", Stats.Ms(snapshots.TotalMilliseconds)))
            .Add(new Figure("of which participation tables", Stats.Ms(participation.TotalMilliseconds)))
            .Note("The baseline reads every column of every row of `mt_events` in sequence order with Npgsql and does nothing with it; " +
                  "the rebuild reads the same events, folds them and writes the snapshots and participation rows.");
    }

    private static async Task<long> ReadEventsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select * from agreements.mt_events order by seq_id");
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
