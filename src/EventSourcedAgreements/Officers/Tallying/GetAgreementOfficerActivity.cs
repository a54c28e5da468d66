using EventSourcedAgreements.Agreements.GettingHistory;
using EventSourcedAgreements.Officers.Authority;
using EventSourcedAgreements.Officers.GettingHistory;
using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;

namespace EventSourcedAgreements.Officers.Tallying;

/// <summary>
/// What happened to the agreement's officers on one day, as a count: <see cref="Officers"/> officers had an event of
/// <see cref="Type"/> dated <see cref="On"/> (nominated, certified, suspended…), and <see cref="AuthorizedOn"/> held
/// authority under the agreement that day, after it.
/// </summary>
public sealed record OfficerActivity(DateOnly On, string Type, int Officers, int AuthorizedOn);

/// <summary>
/// The officers of one agreement, as counts only: how many were ever nominated, how many hold authority today
/// (<see cref="AuthorizedToday"/>), and the activity day by day, as known at <see cref="KnownAt"/>.
/// </summary>
public sealed record AgreementOfficerActivity(Guid AgreementId, DateTimeOffset KnownAt, DateOnly Today, int Nominated, int AuthorizedToday, IReadOnlyList<OfficerActivity> Activity)
{
    /// <summary>The moment whose answer this reproduces (<c>recordedAt</c>); absent for an answer from everything recorded.</summary>
    public DateTimeOffset? RecordedAt { get; init; }

    /// <summary>
    /// The tally of <paramref name="officers"/> (each officer's events, as known): the events counted by the day they are
    /// about and their kind, in the order the record learned them within a day; the officers holding authority on a day
    /// from the stretches of authority those events make (<see cref="AuthorityPeriods"/>), as the summary counts them.
    /// </summary>
    public static AgreementOfficerActivity Tally(Guid agreementId, IReadOnlyList<IReadOnlyList<IEvent>> officers, DateTimeOffset knownAt, DateOnly today)
    {
        var stretches = officers.SelectMany(events => AuthorityPeriods.Rows(events).Where(row => row.KnownTo is null)).ToList();
        int AuthorizedOn(DateOnly day) =>
            stretches.Where(s => s.EffectiveFrom <= day && (s.EffectiveTo is not { } to || day < to)).Select(s => s.OfficerId).Distinct().Count();

        var activity = officers
            .SelectMany(events => events.Where(e => e.Data is IOfficerEvent))
            .GroupBy(e => (On: ((IOfficerEvent)e.Data).BusinessDate, Type: e.EventType.Name))
            .OrderBy(day => day.Key.On)
            .ThenBy(day => day.Min(e => e.Sequence))
            .Select(day => new OfficerActivity(day.Key.On, day.Key.Type, day.Select(e => e.StreamId).Distinct().Count(), AuthorizedOn(day.Key.On)))
            .ToList();
        var nominated = officers.Count(events => events.Any(e => e.Data is OfficerNominated));
        return new AgreementOfficerActivity(agreementId, knownAt, today, nominated, AuthorizedOn(today), activity);
    }
}

public static class GetAgreementOfficerActivityEndpoint
{
    public static ProblemDetails Validate(string? knownAt, string? recordedAt) => GetHistoryEndpoint.Validate(knownAt, recordedAt);

    /// <summary>
    /// The agreement's officers for anyone, as counts, never who: nominated, holding authority today, and what happened
    /// to them day by day (how many were nominated, certified, suspended, reinstated, ended… and how many held authority
    /// that day); as the record stood at the end of <c>knownAt</c>, or as the service had recorded it at <c>recordedAt</c>.
    /// </summary>
    [WolverineGet("/api/agreements/{id}/officer-activity", OperationId = "GetAgreementOfficerActivity")]
    [ProducesResponseType<AgreementOfficerActivity>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, string? knownAt, string? recordedAt, IQuerySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Agreements.Agreement>(id, cancellationToken) is null)
        {
            return Results.Problem(NotFound.Agreement(id));
        }

        var ids = (await session.Query<Officer>().Where(o => o.AgreementId == id).Select(o => o.Id).ToListAsync(cancellationToken)).ToArray();
        var events = ids.Length == 0
            ? []
            : await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids)).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var officers = events.GroupBy(e => e.StreamId)
            .Select(stream => GetOfficerHistoryEndpoint.AsKnown([.. stream], knownAt, recordedAt))
            .Where(known => known.Count > 0)
            .ToList();
        var at = QueryTime.From(knownAt, recordedAt, time);
        return Results.Ok(AgreementOfficerActivity.Tally(id, officers, at.KnownAt, at.Today) with { RecordedAt = at.RecordedAt });
    }
}
