using JasperFx.Events;
using Marten;

namespace EventSourcedAgreements.Participation;

/// <summary>The recorded (system) time axis of the point-in-time tables, kept by the projections that write them.</summary>
public static class RecordedAxis
{
    /// <summary>
    /// Each touched stream's events, those stored before this batch and those in it, in one query for all the streams
    /// that do not start in this batch (a command touches one, read by Marten's compiled stream fetch); and whether any
    /// stream had rows before (only then are rows to be closed).
    /// </summary>
    public static async Task<(IReadOnlyList<(Guid Id, IReadOnlyList<IEvent> Events)> Streams, bool AnyExisting)> StreamsAsync(
        IDocumentOperations operations, IReadOnlyList<IGrouping<Guid, IEvent>> touched, CancellationToken cancellation)
    {
        var existing = touched.Where(g => g.Min(e => e.Version) > 1).Select(g => g.Key).ToArray();
        var stored = existing.Length switch
        {
            0 => Array.Empty<IEvent>().ToLookup(e => e.StreamId),
            1 => (await operations.Events.FetchStreamAsync(existing[0], token: cancellation)).ToLookup(e => e.StreamId),
            _ => (await operations.Events.QueryAllRawEvents().Where(e => existing.Contains(e.StreamId)).ToListAsync(cancellation)).ToLookup(e => e.StreamId),
        };
        return ([.. touched.Select(g => (g.Key, (IReadOnlyList<IEvent>)[.. stored[g.Key].Concat(g).DistinctBy(e => e.Version)]))], existing.Length > 0);
    }

    /// <summary>The name of a table's partial index of open rows by record (<c>upper_inf(recorded)</c>): what the writes look rows up by.</summary>
    public static string OpenIndex(string table) => $"ix_{table}_open";

    /// <summary>The partial index of <paramref name="table"/>'s open rows by <paramref name="key"/>.</summary>
    public static Weasel.Postgresql.Tables.IndexDefinition OpenRows(string table, string key) =>
        new(OpenIndex(table)) { Columns = [key], Predicate = "upper_inf(recorded)" };

    /// <summary>
    /// Rows are never deleted. The rows of the touched records (<paramref name="key"/>: <c>agreement_id</c>,
    /// <c>officer_id</c>) that the new rows do not repeat are closed at the time the record's events were recorded (their
    /// timestamp, which a rebuild reads back), and the new rows not already there are opened from it; a row the write
    /// leaves as it was stays open. <c>recorded @> T</c> then gives the rows the service answered from at T.
    /// <paramref name="recordedAt"/> is two arrays: the touched records' ids and the times their events were recorded.
    /// </summary>
    public static void Rewrite(IDocumentOperations operations, string table, string key, string[] columns, string newRows, object[] values, string same, object[] recordedAt, bool anyExisting)
    {
        if (anyExisting)
        {
            operations.QueueSqlCommand(
                $"""
                update {table} p set recorded = tstzrange(lower(p.recorded), t.recorded_at, '[)')
                from unnest(?::uuid[], ?::timestamptz[]) as t(id, recorded_at)
                where p.{key} = t.id and upper_inf(p.recorded)
                  and not exists (select 1 from ({newRows}) n where {same})
                """,
                [.. recordedAt, .. values]);
        }

        // The touched records' open rows are read first, by their key (the partial index of open rows, OpenIndex), and
        // the new rows compared with those alone: left to itself, the planner compared them through the GiST index of
        // the time axes, whose cost grew with the table (a bulk load slowed until statements timed out).
        operations.QueueSqlCommand(
            $"""
            with current_rows as materialized (select * from {table} where {key} = any(?::uuid[]) and upper_inf(recorded))
            insert into {table} ({string.Join(", ", columns)}, recorded)
            select {string.Join(", ", columns.Select(column => $"n.{column}"))}, tstzrange(n.recorded_at, null, '[)')
            from ({newRows}) n
            where not exists (select 1 from current_rows p where {same})
            """,
            [recordedAt[0], .. values]);
    }

    /// <summary>
    /// Rows with their stretch of recorded time, as a projection leaves them: <see cref="Next"/> with the rows after each
    /// transaction that recorded a record's events; a row the next transaction leaves as it was stays, one it does not
    /// repeat ends at that transaction's time.
    /// </summary>
    public sealed class Stretches<TRow>
        where TRow : notnull
    {
        private readonly List<Recorded<TRow>> rows = [];
        private Dictionary<TRow, int> open = [];

        public IReadOnlyList<Recorded<TRow>> Rows => rows;

        public void Next(DateTimeOffset recordedAt, IEnumerable<TRow> stretch)
        {
            var next = new Dictionary<TRow, int>();
            foreach (var row in stretch.Distinct())
            {
                if (open.Remove(row, out var index))
                {
                    next[row] = index;
                }
                else
                {
                    next[row] = rows.Count;
                    rows.Add(new Recorded<TRow>(row, recordedAt, null));
                }
            }

            foreach (var closed in open.Values)
            {
                rows[closed] = rows[closed] with { To = recordedAt };
            }

            open = next;
        }
    }
}
