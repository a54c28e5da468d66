using Marten;
using Npgsql;

namespace EventSourcedAgreements.Operating;

/// <summary>One asynchronous projection shard: the last event it applied, how many recorded events it has not, and where it runs.</summary>
public sealed record ProjectionProgress(string Shard, long AppliedThrough, long Behind, DateTimeOffset? LastProgress, RunningNode? Node);

/// <summary>A node of the cluster as Wolverine registered it: its number, host name and last heartbeat.</summary>
public sealed record RunningNode(int Number, string Host, DateTimeOffset LastHeartbeat);

public sealed record ProjectionReport(long LastSequence, IReadOnlyList<ProjectionProgress> Projections);

/// <summary>
/// How far the asynchronous projections are behind the record, read from the database, so any node or an operator's
/// command sees the whole cluster: Marten's progression rows (<c>mt_event_progression</c>), the last event sequence
/// number handed out (that of an append that failed is skipped by the daemon too), and Wolverine's agent assignments (<c>wolverine_node_assignments</c>, <c>wolverine_nodes</c>). The inline
/// projections (agreement snapshots, participation, the hash chain) are written with each command and are never behind.
/// </summary>
public static class ProjectionStatus
{
    public static async Task<ProjectionReport> ReadAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var shards = ((StoreOptions)store.Options).Projections.AllShards().Select(s => s.Name).ToList();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            select s.name,
                   coalesce(p.last_seq_id, 0),
                   p.last_updated,
                   n.node_number,
                   n.description,
                   n.health_check,
                   (select case when is_called then last_value else 0 end from {schema}.mt_events_sequence)
            from unnest(@names::text[], @agents::text[]) as s(name, agent)
            left join {schema}.mt_event_progression p on p.name = s.name
            left join {schema}.wolverine_node_assignments a on a.id ilike s.agent
            left join {schema}.wolverine_nodes n on n.id = a.node_id
            order by s.name
            """,
            connection);
        command.Parameters.AddWithValue("names", shards.Select(s => s.Identity).ToArray());
        command.Parameters.AddWithValue("agents", shards.Select(s => $"event-subscriptions://%/{s.Name}/{s.ShardKey}".ToLowerInvariant()).ToArray());
        var projections = new List<ProjectionProgress>();
        var lastEvent = 0L;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lastEvent = reader.GetInt64(6);
            var applied = reader.GetInt64(1);
            projections.Add(new ProjectionProgress(
                reader.GetString(0),
                applied,
                Math.Max(0, lastEvent - applied),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : new RunningNode(reader.GetInt32(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5))));
        }

        return new ProjectionReport(lastEvent, projections);
    }
}
