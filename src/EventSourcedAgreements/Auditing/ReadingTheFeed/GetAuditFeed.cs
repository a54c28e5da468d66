using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedAgreements.Participation;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Auditing.ReadingTheFeed;

/// <summary>
/// One event as the audit feed lists it: its place in the store (<c>sequence</c>), the agreement (or the officer and
/// the agreement) and agency it belongs to, and what it shares with the agreement's history, under the same names and
/// with the same values (<c>type</c>, <c>version</c>, <c>actor</c>, <c>actorRole</c>, <c>source</c>, <c>knownAt</c>,
/// <c>recordedAt</c>, the request ids, <c>data</c>).
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset RecordedAt,
    Guid AgreementId,
    string? AgencyId,
    long Version,
    string Type,
    string? Actor,
    string? ActorRole,
    string Source,
    DateTimeOffset KnownAt,
    string? CorrelationId,
    string? CausationId,
    JsonElement Data,
    Guid? OfficerId);

/// <summary>A page of the feed; <c>Next</c> is the <c>after</c> that asks for the next, older page (none on the last).</summary>
public sealed record AuditPage(DateOnly From, DateOnly To, int Count, IReadOnlyList<AuditEntry> Entries, long? Next);

public static class GetAuditFeedEndpoint
{
    public static ProblemDetails Validate(string? from, string? to, string? after, string? limit, string? actor, string? agency, string? type) =>
        new Input()
            .Check("from", DateQuery.TryParseStart(from, out _), DateQuery.Explain("from", from))
            .Check("to", DateQuery.TryParse(to, out _), DateQuery.Explain("to", to))
            .Check("to", !DateQuery.TryParseStart(from, out var start) || !DateQuery.TryParse(to, out var end) || start <= end, "to must not be before from.")
            .Check("after", string.IsNullOrEmpty(after) || long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out _), "after is the 'next' of the previous page, a whole number.")
            .Limit(limit)
            .Text("actor", actor, Input.NameMaxLength, required: false)
            .Text("agency", agency, Input.NameMaxLength, required: false)
            .Text("type", type, Input.NameMaxLength, required: false)
            .ToProblem();

    /// <summary>
    /// Every event recorded from <c>from</c> to <c>to</c> (recorded time, UTC days, both included), newest first, a page at
    /// a time; an officer's event under the officer's agreement and agency, with <c>officerId</c> (its data names no one).
    /// </summary>
    [WolverineGet("/api/audit", OperationId = "ReadAuditFeed")]
    [Authorize(Roles = Auditor)]
    [ProducesResponseType<AuditPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    public static async Task<IResult> Get(
        string from,
        string to,
        string? after,
        string? limit,
        string? actor,
        string? agency,
        string? type,
        HttpRequest request,
        NpgsqlDataSource database,
        IDocumentStore store,
        CancellationToken cancellationToken)
    {
        var start = DateQuery.ParseStart(from);
        var end = DateQuery.Parse(to);
        var size = Paging.SizeOf(limit);
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var command = database.CreateCommand(
            $"""
            select e.seq_id, e.timestamp, coalesce((o.data ->> 'AgreementId')::uuid, e.stream_id), coalesce(d.data ->> 'AgencyId', o.data ->> 'AgencyId'), e.version, e.type, e.user_name,
                   e.headers ->> '{Knowledge.RoleHeader}', e.headers ->> '{Knowledge.SourceHeader}', e.headers ->> '{Knowledge.KnownAtHeader}',
                   e.correlation_id, e.causation_id, e.data::text, o.id
            from {schema}.mt_events e
            left join {store.Options.DatabaseSchemaName}.mt_doc_agreement d on d.id = e.stream_id
            left join {store.Options.DatabaseSchemaName}.mt_doc_officer o on o.id = e.stream_id
            where e.timestamp >= @start and e.timestamp < @end
              and (@after::bigint is null or e.seq_id < @after)
              and (@actor::text is null or e.user_name = @actor)
              and (@agency::text is null or coalesce(d.data ->> 'AgencyId', o.data ->> 'AgencyId') = @agency)
              and (@type::text is null or e.type = @type)
            order by e.seq_id desc
            limit @limit
            """);
        command.Parameters.AddWithValue("start", Knowledge.StartOf(start));
        command.Parameters.AddWithValue("end", Knowledge.StartOf(end.AddDays(1)));
        command.Parameters.AddWithValue("after", string.IsNullOrEmpty(after) ? DBNull.Value : long.Parse(after, CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("actor", (object?)Blank(actor) ?? DBNull.Value);
        command.Parameters.AddWithValue("agency", (object?)Blank(agency)?.ToLowerInvariant() ?? DBNull.Value);
        command.Parameters.AddWithValue("type", (object?)EventTypeAlias(type) ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", size + 1);

        var entries = new List<AuditEntry>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new AuditEntry(
                    reader.GetInt64(0),
                    reader.GetFieldValue<DateTimeOffset>(1),
                    reader.GetGuid(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt64(4),
                    EventTypeName(reader.GetString(5)),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? Knowledge.CommandSource : reader.GetString(8),
                    reader.IsDBNull(9) ? reader.GetFieldValue<DateTimeOffset>(1) : Knowledge.KnownAt(reader.GetString(9)),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    CamelCase(JsonNode.Parse(reader.GetString(12))),
                    reader.IsDBNull(13) ? null : reader.GetGuid(13)));
            }
        }

        var page = entries.Take(size).ToList();
        long? next = entries.Count > size ? page[^1].Sequence : null;
        if (next is not null)
        {
            Paging.LinkNext(request, next.Value.ToString(CultureInfo.InvariantCulture));
        }

        return Csv.IsWanted(request)
            ? Csv.Answer(
                request,
                "SEQUENCE,RECORDED AT,AGREEMENT,AGENCY,VERSION,TYPE,ACTOR,ROLE,SOURCE,KNOWN AT,CORRELATION ID,OFFICER",
                page.Select(e => new object?[] { e.Sequence, e.RecordedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.AgreementId, e.AgencyId, e.Version, e.Type, e.Actor, e.ActorRole, e.Source, e.KnownAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.CorrelationId, e.OfficerId }))
            : Results.Ok(new AuditPage(start, end, page.Count, page, next));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// The event's type as the history, the lifecycle and the webhooks name it (<c>AgreementSigned</c>), from Marten's
    /// snake-case alias of it (<c>agreement_signed</c>), which <see cref="EventTypeAlias"/> makes of the name.
    /// </summary>
    public static string EventTypeName(string alias) =>
        string.Concat(alias.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>The event's data with its members named as in every other answer (<c>signedOn</c>, not Marten's <c>SignedOn</c>).</summary>
    private static JsonElement CamelCase(JsonNode? data) =>
        JsonSerializer.SerializeToElement(Renamed(data));

    private static JsonNode? Renamed(JsonNode? node) => node switch
    {
        JsonObject members => new JsonObject(members.Select(member => KeyValuePair.Create(JsonNamingPolicy.CamelCase.ConvertName(member.Key), Renamed(member.Value)))),
        JsonArray items => new JsonArray([.. items.Select(Renamed)]),
        _ => node?.DeepClone(),
    };

    /// <summary>Marten names event types in snake case (<c>agreement_signed</c>); the feed takes either that or the type's name.</summary>
    public static string? EventTypeAlias(string? type) =>
        Blank(type) is not { } name
            ? null
            : name.Contains('_', StringComparison.Ordinal)
                ? name.ToLowerInvariant()
                : string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
