using EventSourcedAgreements.Agreements.GettingHistory;
using Marten;

namespace EventSourcedAgreements.Agreements.GettingLifecycle;

/// <summary>
/// One event of an agreement as anyone may read it: what happened, the date it is about, since when the record knows
/// it and from which source (a published list, or a command and the role that sent it), the reason given, and the
/// agreement as it stood after it. Who recorded it and the request ids stay in the history for the program office and
/// auditors.
/// </summary>
public sealed record LifecycleEntry(
    long Version,
    string Type,
    DateOnly On,
    DateTimeOffset KnownAt,
    DateTimeOffset RecordedAt,
    string Source,
    string? ActorRole,
    string? Reason,
    object Data,
    Agreement StateAfter)
{
    public static LifecycleEntry From(HistoryEntry entry) => new(
        entry.Version,
        entry.Type,
        entry.On,
        entry.KnownAt,
        entry.RecordedAt,
        entry.Source,
        entry.ActorRole,
        entry.Reason,
        entry.Data,
        entry.StateAfter);
}

public static class GetLifecycleEndpoint
{
    public static ProblemDetails Validate(string? knownAt, string? recordedAt) => GetHistoryEndpoint.Validate(knownAt, recordedAt);

    /// <summary>How the agreement came to be what it is, for the public: its events in the order the record learned them; up to a past day with <c>knownAt</c>.</summary>
    [WolverineGet("/api/agreements/{id}/lifecycle", OperationId = "GetAgreementLifecycle")]
    [ProducesResponseType<IReadOnlyList<LifecycleEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, string? knownAt, string? recordedAt, IQuerySession session, CancellationToken cancellationToken) =>
        await GetHistoryEndpoint.ReadAsync(id, knownAt, recordedAt, session, cancellationToken) is { } entries
            ? Results.Ok(entries.Select(LifecycleEntry.From).ToList())
            : Results.Problem(NotFound.Agreement(id));
}
