using System.Security.Claims;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;
using Marten;

namespace EventSourcedAgreements.Officers.GettingDetails;

public static class GetOfficerEndpoint
{
    /// <summary>The officer as the record holds it, with the name and badge number: for the officer's agency, the program office and auditors. Its version is the <c>ETag</c>.</summary>
    [WolverineGet("/api/officers/{id}", OperationId = "GetOfficer")]
    [Authorize(Roles = $"{Roles.Agency},{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<OfficerDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid id,
        [FromHeader(Name = "If-None-Match")] string? ifNoneMatch,
        ClaimsPrincipal user,
        IQuerySession session,
        CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Officer>(id, cancellationToken) is not { } officer)
        {
            return Results.Problem(NotFound.Officer(id));
        }

        if (AgencyAccess.Refusal(user, officer.AgencyId) is { } refused)
        {
            return Results.Problem(refused);
        }

        if (EntityTags.Unchanged(ifNoneMatch, officer.Version))
        {
            return EntityTags.Tagged(Results.StatusCode(StatusCodes.Status304NotModified), officer.Version);
        }

        var details = await OfficerDetails.ReadAsync(session, [officer], cancellationToken);
        return EntityTags.Tagged(Results.Ok(details[0]), officer.Version);
    }
}
