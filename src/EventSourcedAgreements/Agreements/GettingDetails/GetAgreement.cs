using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedAgreements.Agreements.GettingDetails;

public static class GetAgreementEndpoint
{
    [WolverineGet("/api/agreements/{id}")]
    [ProducesResponseType<Agreement>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Agreement>(id, cancellationToken) is { } agreement
            ? Results.Ok(agreement)
            : Results.Problem(NotFound.Agreement(id));
}
