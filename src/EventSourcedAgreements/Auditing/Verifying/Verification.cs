using Marten;
using Npgsql;

namespace EventSourcedAgreements.Auditing.Verifying;

public sealed record BrokenLink(Guid AgreementId, long Version, long Sequence, string Problem);

public sealed record VerificationResult(bool Intact, long EventsChecked, BrokenLink? FirstBrokenLink);

public sealed record BrokenAnchor(long Number, string Problem);

/// <summary>The whole store: every event's chain, then every anchor's; <c>UnsealedEvents</c> were recorded after the last anchor.</summary>
public sealed record StoreVerificationResult(
    bool Intact,
    long EventsChecked,
    BrokenLink? FirstBrokenLink,
    long AnchorsChecked,
    long UnsealedEvents,
    BrokenAnchor? FirstBrokenAnchor);

/// <summary>An anchor's hash as an auditor kept it outside the database, written <c>NUMBER:HASH</c>.</summary>
public sealed record PublishedAnchor(long Number, string Hash)
{
    public static bool TryParse(string? text, out PublishedAnchor? anchor)
    {
        anchor = null;
        var parts = (text ?? "").Trim().Split(':');
        if (parts.Length == 2
            && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number >= 1
            && parts[1].Length == 64
            && parts[1].All(char.IsAsciiHexDigit))
        {
            anchor = new PublishedAnchor(number, parts[1].ToLowerInvariant());
        }

        return anchor is not null;
    }
}

/// <summary>
/// Recomputes every event's hash from its row and its predecessor's stored hash, and every anchor's from the hashes it
/// sealed, and names the first that differs.
/// </summary>
public sealed class Verification(IDocumentStore store, NpgsqlDataSource database)
{
    public async Task<StoreVerificationResult> VerifyStoreAsync(PublishedAnchor? published, CancellationToken cancellationToken)
    {
        var events = await VerifyAsync(agreementId: null, cancellationToken);
        var (anchorsChecked, unsealed, brokenAnchor) = await VerifyAnchorsAsync(published, cancellationToken);
        return new StoreVerificationResult(events.Intact && brokenAnchor is null, events.EventsChecked, events.FirstBrokenLink, anchorsChecked, unsealed, brokenAnchor);
    }

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
            where (@stream::uuid is null or e.stream_id = @stream) and not ({TamperEvidence.IsTombstone("e")} and h.stream_id is null)
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
        var missing = await MissingTailAsync(schema, agreementId, cancellationToken) ?? await HashWithoutEventAsync(schema, agreementId, cancellationToken);
        return missing is not null
            ? new VerificationResult(false, checkedEvents, missing)
            : new VerificationResult(true, checkedEvents, null);
    }

    /// <summary>An event removed together with its stream's count still leaves the hash recorded when it was appended.</summary>
    private async Task<BrokenLink?> HashWithoutEventAsync(string schema, Guid? agreementId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select h.stream_id, h.version, h.seq_id
            from {schema}.{TamperEvidence.HashesTable} h
            where (@stream::uuid is null or h.stream_id = @stream)
              and not exists (select 1 from {schema}.mt_events e where e.stream_id = h.stream_id and e.version = h.version)
            order by h.seq_id
            limit 1
            """);
        command.Parameters.AddWithValue("stream", (object?)agreementId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new BrokenLink(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), "the event recorded with this hash is missing")
            : null;
    }

    private async Task<(long Checked, long Unsealed, BrokenAnchor? Broken)> VerifyAnchorsAsync(PublishedAnchor? published, CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var command = database.CreateCommand(
            $"""
            select a.number, a.hash, a.events, coalesce(s.events, 0),
                   row_number() over (order by a.number),
                   a.previous is not distinct from lag(a.hash) over (order by a.number),
                   {TamperEvidence.AnchorHashExpression("lag(a.hash) over (order by a.number)", "a.number", "s.hashes")}
            from {schema}.{TamperEvidence.AnchorsTable} a
            left join lateral (
                select count(*) as events, string_agg(h.hash, '|' order by h.seq_id) as hashes
                from {schema}.{TamperEvidence.HashesTable} h where h.anchor = a.number) s on true
            order by a.number
            """);
        long checkedAnchors = 0;
        var publishedFound = published is null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                checkedAnchors++;
                var number = reader.GetInt64(0);
                var hash = reader.GetString(1);
                var (sealedEvents, foundEvents, position) = (reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
                var problem = position != number ? (position, "it is missing")
                    : !reader.GetBoolean(5) ? (number, "it does not chain to the anchor before it")
                    : sealedEvents != foundEvents ? (number, $"it sealed {sealedEvents} events; {foundEvents} are found with its number")
                    : reader.IsDBNull(6) || reader.GetString(6) != hash ? (number, "the hashes of its events differ from what it sealed")
                    : published is { } kept && kept.Number == number && kept.Hash != hash ? (number, $"it was published as {kept.Hash}; the store now holds {hash}")
                    : ((long, string)?)null;
                if (problem is var (at, what))
                {
                    return (checkedAnchors, 0, new BrokenAnchor(at, what));
                }

                publishedFound |= published?.Number == number;
            }
        }

        if (!publishedFound)
        {
            return (checkedAnchors, 0, new BrokenAnchor(published!.Number, "it was published but is not in the store"));
        }

        await using var rest = database.CreateCommand(
            $"""
            select (select min(h.anchor) from {schema}.{TamperEvidence.HashesTable} h
                    where h.anchor is not null and not exists (select 1 from {schema}.{TamperEvidence.AnchorsTable} a where a.number = h.anchor)),
                   (select count(*) from {schema}.{TamperEvidence.HashesTable} where anchor is null)
            """);
        await using var counts = await rest.ExecuteReaderAsync(cancellationToken);
        await counts.ReadAsync(cancellationToken);
        var unsealed = counts.GetInt64(1);
        return counts.IsDBNull(0)
            ? (checkedAnchors, unsealed, null)
            : (checkedAnchors, unsealed, new BrokenAnchor(counts.GetInt64(0), "events are sealed with its number but the anchor is missing"));
    }

    /// <summary>A deleted last event leaves no successor to break; the stream's own version still counts it.</summary>
    private async Task<BrokenLink?> MissingTailAsync(string schema, Guid? agreementId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select s.id, s.version, coalesce(max(e.version), 0)
            from {schema}.mt_streams s
            left join {schema}.mt_events e on e.stream_id = s.id and not {TamperEvidence.IsTombstone("e")}
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
