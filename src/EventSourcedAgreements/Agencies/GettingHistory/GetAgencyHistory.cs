using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Agreements.GettingHistory;
using EventSourcedAgreements.Participation;
using Marten;

namespace EventSourcedAgreements.Agencies.GettingHistory;

public sealed record AgencyHistoryEntry(Guid AgreementId, SupportModel Model, HistoryEntry Event);

public static class GetAgencyHistoryEndpoint
{
    public static ProblemDetails Validate(string? knownAt, string? recordedAt) => GetHistoryEndpoint.Validate(knownAt, recordedAt);

    /// <summary>All the agency's agreements' events, merged in the order the record learned them.</summary>
    [WolverineGet("/api/agencies/{agencyId}/history", OperationId = "GetAgencyHistory")]
    [Authorize(Roles = $"{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<IReadOnlyList<AgencyHistoryEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string agencyId, string? knownAt, string? recordedAt, IQuerySession session, CancellationToken cancellationToken)
    {
        var id = agencyId.Trim().ToLowerInvariant();
        var agreements = await session.Query<Agreement>().Where(a => a.AgencyId == id).ToListAsync(cancellationToken);
        if (agreements.Count == 0)
        {
            return Results.Problem(NotFound.Agency(id));
        }

        var day = DateQuery.TryParse(knownAt, out var known) ? known : (DateOnly?)null;
        var merged = new List<AgencyHistoryEntry>();
        foreach (var agreement in agreements)
        {
            var events = await session.Events.FetchStreamAsync(agreement.Id, token: cancellationToken);
            merged.AddRange(GetHistoryEndpoint.Entries(GetHistoryEndpoint.RecordedBy(events, recordedAt), day).Select(entry => new AgencyHistoryEntry(agreement.Id, agreement.Model, entry)));
        }

        return Results.Ok(merged.OrderBy(m => m.Event.KnownAt).ThenBy(m => m.Event.RecordedAt).ThenBy(m => m.AgreementId).ThenBy(m => m.Event.Version).ToList());
    }
}
