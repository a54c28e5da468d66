using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;

namespace EventSourcedAgreements.Agreements.GettingHistory;

/// <summary>
/// One event of an agreement as the program office and auditors read it: what the public lifecycle shows, under the
/// same names (<c>type</c>, <c>on</c> the date it is about, <c>knownAt</c>, <c>recordedAt</c>, <c>source</c>,
/// <c>actorRole</c>, <c>reason</c>, <c>data</c>, <c>stateAfter</c>), and who recorded it with the request ids, named as
/// the audit feed names them.
/// </summary>
public sealed record HistoryEntry(
    long Version,
    string Type,
    DateOnly On,
    DateTimeOffset RecordedAt,
    DateTimeOffset KnownAt,
    string? Actor,
    string? ActorRole,
    string Source,
    string? CorrelationId,
    string? CausationId,
    string? Reason,
    object Data,
    Agreement StateAfter);

public static class GetHistoryEndpoint
{
    public static ProblemDetails Validate(string? knownAt, string? recordedAt) =>
        new Input().Date("knownAt", knownAt).Recorded(recordedAt).ToProblem();

    /// <summary>The events in the order the record learned them, each with the agreement as it stood after it; up to a past day with <c>knownAt</c>.</summary>
    public static IReadOnlyList<HistoryEntry> Entries(IEnumerable<IEvent> events, DateOnly? knownAt)
    {
        var entries = new List<HistoryEntry>();
        Agreement? state = null;
        foreach (var e in events.InKnowledgeOrder())
        {
            var known = Knowledge.KnownAt(e);
            if (knownAt is { } day && known > Knowledge.EndOf(day))
            {
                break;
            }

            state = Agreement.Next(state, e);
            if (state is null)
            {
                continue;
            }

            entries.Add(Entry(e, state));
        }

        return entries;
    }

    /// <summary>
    /// The entry of the last of <paramref name="stream"/> (an agreement's events up to it, in version order), with the
    /// agreement as the record held it once that event was recorded: fixed then, whatever is learned later.
    /// </summary>
    public static HistoryEntry EntryOfLast(IReadOnlyList<IEvent> stream) =>
        Entry(stream[^1], Agreement.Fold(stream) ?? throw new InvalidOperationException($"Agreement {stream[^1].StreamId} has no request among its events."));

    private static HistoryEntry Entry(IEvent e, Agreement state) => Entry(e, (IAgreementEvent)e.Data, state);

    private static HistoryEntry Entry(IEvent e, IAgreementEvent data, Agreement state) => new(
        e.Version,
        e.EventType.Name,
        data.BusinessDate,
        e.Timestamp,
        Knowledge.KnownAt(e),
        e.UserName,
        Knowledge.HeaderText(e, Knowledge.RoleHeader),
        Knowledge.Source(e),
        e.CorrelationId,
        e.CausationId,
        data.Reason,
        e.Data,
        state);

    /// <summary>
    /// Every event of the agreement's record with who recorded it, in which role and from which source, and the
    /// agreement after it: for the program office and auditors; as the record stood at the end of <c>knownAt</c>, or as
    /// the service had recorded it at <c>recordedAt</c>.
    /// </summary>
    [WolverineGet("/api/agreements/{id}/history", OperationId = "GetAgreementHistory")]
    [Authorize(Roles = $"{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, string? knownAt, string? recordedAt, IQuerySession session, CancellationToken cancellationToken) =>
        await ReadAsync(id, knownAt, recordedAt, session, cancellationToken) is { } entries
            ? Results.Ok(entries)
            : Results.Problem(NotFound.Agreement(id));

    /// <summary>
    /// The agreement's entries as known at the end of <paramref name="knownAt"/> (or now), from the events recorded by
    /// <paramref name="recordedAt"/> (or all): null when there is no such agreement, or none was recorded by then.
    /// </summary>
    public static async Task<IReadOnlyList<HistoryEntry>?> ReadAsync(Guid id, string? knownAt, string? recordedAt, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        // A stream of another kind (an officer's) is no agreement: 404, as for an id the store does not hold.
        var recorded = RecordedBy([.. events.Where(e => e.Data is IAgreementEvent)], recordedAt);
        return recorded.Count == 0 ? null : Entries(recorded, DateQuery.TryParse(knownAt, out var day) ? day : null);
    }

    /// <summary>The events the service had recorded by <paramref name="recordedAt"/> (all of them when it is absent).</summary>
    public static IReadOnlyList<IEvent> RecordedBy(IReadOnlyList<IEvent> events, string? recordedAt) =>
        QueryTime.TryParseInstant(recordedAt, out var instant) ? [.. events.Where(e => e.Timestamp <= instant)] : events;
}
