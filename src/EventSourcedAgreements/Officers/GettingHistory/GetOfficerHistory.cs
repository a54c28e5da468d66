using EventSourcedAgreements.Agreements.GettingHistory;
using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;

namespace EventSourcedAgreements.Officers.GettingHistory;

/// <summary>One event of an officer's record: when, by whom, from which source, why, and the officer after it.</summary>
public sealed record OfficerHistoryEntry(
    long Version,
    string Type,
    DateOnly On,
    DateTimeOffset RecordedAt,
    DateTimeOffset KnownAt,
    string? Actor,
    string? ActorRole,
    string Source,
    string? CorrelationId,
    string? Reason,
    object Data,
    Officer StateAfter);

public static class GetOfficerHistoryEndpoint
{
    public static ProblemDetails Validate(string? knownAt, string? recordedAt) => GetHistoryEndpoint.Validate(knownAt, recordedAt);

    /// <summary>
    /// Every event of the officer's record in order, with who recorded it (the token's name and role; <c>agreement</c>
    /// as the source of what the service recorded following the agreement) and the officer after it: for the program
    /// office and auditors; as the record stood at the end of <c>knownAt</c>, or as the service had recorded it at
    /// <c>recordedAt</c>. The events name no one; the officer's name is in <c>GET /api/officers/{id}</c>.
    /// </summary>
    [WolverineGet("/api/officers/{id}/history", OperationId = "GetOfficerHistory")]
    [Authorize(Roles = $"{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<IReadOnlyList<OfficerHistoryEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, string? knownAt, string? recordedAt, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = (await session.Events.FetchStreamAsync(id, token: cancellationToken)).Where(e => e.Data is IOfficerEvent).ToList();
        if (events.Count == 0)
        {
            return Results.Problem(NotFound.Officer(id));
        }

        return Results.Ok(Entries(AsKnown(events, knownAt, recordedAt)));
    }

    /// <summary>The officer's events the service had recorded by <paramref name="recordedAt"/> (or all) and known by the end of <paramref name="knownAt"/> (or now).</summary>
    public static IReadOnlyList<IEvent> AsKnown(IReadOnlyList<IEvent> events, string? knownAt, string? recordedAt)
    {
        var recorded = GetHistoryEndpoint.RecordedBy(events, recordedAt);
        return DateQuery.TryParse(knownAt, out var day) ? [.. recorded.Where(e => Knowledge.KnownAt(e) <= Knowledge.EndOf(day))] : recorded;
    }

    public static IReadOnlyList<OfficerHistoryEntry> Entries(IReadOnlyList<IEvent> events)
    {
        var entries = new List<OfficerHistoryEntry>();
        Officer? state = null;
        foreach (var e in events.OrderBy(e => e.Version))
        {
            state = Officer.Next(state, e);
            if (state is null)
            {
                continue;
            }

            var data = (IOfficerEvent)e.Data;
            entries.Add(new OfficerHistoryEntry(
                e.Version,
                e.EventType.Name,
                data.BusinessDate,
                e.Timestamp,
                Knowledge.KnownAt(e),
                e.UserName,
                Knowledge.HeaderText(e, Knowledge.RoleHeader),
                Knowledge.Source(e),
                e.CorrelationId,
                data.Reason,
                e.Data,
                state));
        }

        return entries;
    }
}
