using Marten;

namespace EventSourcedAgreements.Agencies.GettingAgency;

public static class GetAgencyEndpoint
{
    /// <summary>
    /// One agency with all its agreements, those that ended too: read from the agreements' snapshots, so it reflects a
    /// command as soon as it is acknowledged.
    /// </summary>
    [WolverineGet("/api/agencies/{agencyId}", OperationId = "GetAgency")]
    [ProducesResponseType<AgencyDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string agencyId, IQuerySession session, CancellationToken cancellationToken)
    {
        var id = agencyId.Trim().ToLowerInvariant();
        return await AgencyDetails.LoadAsync(session, id, cancellationToken) is { } agency
            ? Results.Ok(agency)
            : Results.Problem(NotFound.Agency(id));
    }
}
