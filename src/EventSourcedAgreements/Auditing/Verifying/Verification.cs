using Marten;
using Npgsql;

namespace EventSourcedAgreements.Auditing.Verifying;

public sealed record BrokenLink(Guid AgreementId, long Version, long Sequence, string Problem);

public sealed record VerificationResult(bool Intact, long EventsChecked, BrokenLink? FirstBrokenLink);

/// <summary>Recomputes every event's hash from its row and its predecessor's stored hash, and names the first that differs.</summary>
public sealed class Verification(IDocumentStore store, NpgsqlDataSource database)
{
    public async Task<VerificationResult> VerifyAsync(Guid? agreementId, CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var command = database.CreateCommand(
            $"""
            select e.stream_id, e.version, e.seq_id,
                   case
                       when h.stream_id is null then 'no hash was recorded for this event'
                       when e.version > 1 and before.seq_id is null then 'the event before it is missing'
                       when h.previous is distinct from p.hash then 'it does not chain to the event before it'
                       when h.hash <> {TamperEvidence.HashExpression("e", "p.hash")} then 'its content differs from what was recorded'
                   end as problem
            from {schema}.mt_events e
            left join {schema}.{TamperEvidence.HashesTable} h on h.stream_id = e.stream_id and h.version = e.version
            left join {schema}.mt_events before on before.stream_id = e.stream_id and before.version = e.version - 1
            left join {schema}.{TamperEvidence.HashesTable} p on p.stream_id = e.stream_id and p.version = e.version - 1
            where @stream::uuid is null or e.stream_id = @stream
            order by e.seq_id
            """);
        command.Parameters.AddWithValue("stream", (object?)agreementId ?? DBNull.Value);
        long checkedEvents = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checkedEvents++;
            if (!reader.IsDBNull(3))
            {
                return new VerificationResult(false, checkedEvents, new BrokenLink(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));
            }
        }

        await reader.CloseAsync();
        return await MissingTailAsync(schema, agreementId, cancellationToken) is { } truncated
            ? new VerificationResult(false, checkedEvents, truncated)
            : new VerificationResult(true, checkedEvents, null);
    }

    /// <summary>A deleted last event leaves no successor to break; the stream's own version still counts it.</summary>
    private async Task<BrokenLink?> MissingTailAsync(string schema, Guid? agreementId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select s.id, s.version, coalesce(max(e.version), 0)
            from {schema}.mt_streams s
            left join {schema}.mt_events e on e.stream_id = s.id
            where @stream::uuid is null or s.id = @stream
            group by s.id, s.version
            having s.version <> coalesce(max(e.version), 0)
            order by s.id
            limit 1
            """);
        command.Parameters.AddWithValue("stream", (object?)agreementId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new BrokenLink(reader.GetGuid(0), reader.GetInt64(1), 0, $"the stream counts {reader.GetInt64(1)} events but holds events up to version {reader.GetInt64(2)}")
            : null;
    }
}
