using System.Security.Claims;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;
using Marten;

namespace EventSourcedAgreements.Officers.Listing;

public static class ListAgreementOfficersEndpoint
{
    /// <summary>The officers nominated under the agreement, in the order of their nomination, with names: for the agreement's agency, the program office and auditors.</summary>
    [WolverineGet("/api/agreements/{id}/officers")]
    [Authorize(Roles = $"{Roles.Agency},{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<IReadOnlyList<OfficerDetails>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Agreement>(id, cancellationToken) is not { } agreement)
        {
            return Results.Problem(NotFound.Agreement(id));
        }

        if (AgencyAccess.Refusal(user, agreement.AgencyId) is { } refused)
        {
            return Results.Problem(refused);
        }

        var officers = await session.Query<Officer>()
            .Where(o => o.AgreementId == id)
            .OrderBy(o => o.NominatedOn)
            .ThenBy(o => o.Id)
            .ToListAsync(cancellationToken);
        return Results.Ok(await OfficerDetails.ReadAsync(session, officers, cancellationToken));
    }
}
