using EventSourcedAgreements.Agreements;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedAgreements.Agencies.GettingAgency;

public sealed record AgencyDetails(string Id, string State, string Name, AgencyType? Type, string? County, IReadOnlyList<Agreement> Agreements);

public static class GetAgencyEndpoint
{
    [WolverineGet("/api/agencies/{agencyId}")]
    [ProducesResponseType<AgencyDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string agencyId, IQuerySession session, CancellationToken cancellationToken)
    {
        var id = agencyId.Trim().ToLowerInvariant();
        var agreements = await session.Query<Agreement>()
            .Where(a => a.AgencyId == id)
            .OrderBy(a => a.RequestedOn)
            .ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        if (agreements.Count == 0)
        {
            return Results.Problem(NotFound.Agency(id));
        }

        var latest = agreements[^1];
        return Results.Ok(new AgencyDetails(
            id,
            latest.State,
            latest.AgencyName,
            agreements.LastOrDefault(a => a.AgencyType is not null)?.AgencyType,
            agreements.LastOrDefault(a => a.County is not null)?.County,
            agreements));
    }
}
