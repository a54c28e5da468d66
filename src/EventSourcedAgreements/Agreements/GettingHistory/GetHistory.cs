using EventSourcedAgreements.Core;
using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Agreements.GettingHistory;

public sealed record HistoryEntry(
    long Version,
    string Type,
    DateOnly BusinessDate,
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
    public static DateOnly BusinessDate(object @event) => @event switch
    {
        AgreementRequested e => e.RequestedOn,
        AgreementSigned e => e.SignedOn,
        AgreementAmended e => e.EffectiveOn,
        AgreementRenewed e => e.SignedOn,
        AgreementSuspended e => e.EffectiveOn,
        AgreementReinstated e => e.EffectiveOn,
        AgreementTerminated e => e.EffectiveOn,
        AgreementExpired e => e.EffectiveOn,
        RequestWithdrawn e => e.WithdrawnOn,
        RequestRejected e => e.RejectedOn,
        AgreementDelisted e => e.FirstMissingOn,
        SigningDateCorrected e => e.CorrectedOn,
        MoaLinkChanged e => e.ChangedOn,
        ExpiryCorrected e => e.CorrectedOn,
        ScheduledChangeTookEffect e => e.EffectiveOn,
        ExpiryReminderIssued e => e.IssuedOn,
        SigningDateDisputed e => e.SignedOn,
        _ => throw new ArgumentException($"{@event.GetType().Name} is not an agreement event.", nameof(@event)),
    };

    public static string? Reason(object @event) => @event switch
    {
        AgreementAmended e => e.Summary,
        AgreementSuspended e => e.Reason,
        AgreementTerminated e => e.Reason,
        RequestWithdrawn e => e.Reason,
        RequestRejected e => e.Reason,
        SigningDateCorrected e => e.Reason,
        ExpiryCorrected e => e.Reason,
        SigningDateDisputed e => e.Reason,
        _ => null,
    };

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

    private static HistoryEntry Entry(IEvent e, Agreement state) => new(
        e.Version,
        e.EventType.Name,
        BusinessDate(e.Data),
        e.Timestamp,
        Knowledge.KnownAt(e),
        e.UserName,
        Knowledge.HeaderText(e, Knowledge.RoleHeader),
        Knowledge.Source(e),
        e.CorrelationId,
        e.CausationId,
        Reason(e.Data),
        e.Data,
        state);

    [WolverineGet("/api/agreements/{id}/history")]
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
        var recorded = RecordedBy(events, recordedAt);
        return recorded.Count == 0 ? null : Entries(recorded, DateQuery.TryParse(knownAt, out var day) ? day : null);
    }

    /// <summary>The events the service had recorded by <paramref name="recordedAt"/> (all of them when it is absent).</summary>
    public static IReadOnlyList<IEvent> RecordedBy(IReadOnlyList<IEvent> events, string? recordedAt) =>
        QueryTime.TryParseInstant(recordedAt, out var instant) ? [.. events.Where(e => e.Timestamp <= instant)] : events;
}
