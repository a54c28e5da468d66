using Marten;

namespace EventSourcedAgreements.Agreements.GettingDetails;

public static class GetAgreementEndpoint
{
    /// <summary>The agreement as it stands, with its version as <c>ETag</c> (send it back in <c>If-Match</c> with a command).</summary>
    [WolverineGet("/api/agreements/{id}", OperationId = "GetAgreement")]
    [ProducesResponseType<Agreement>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid id,
        [FromHeader(Name = "If-None-Match")] string? ifNoneMatch,
        IQuerySession session,
        CancellationToken cancellationToken) =>
        await session.LoadAsync<Agreement>(id, cancellationToken) is not { } agreement
            ? Results.Problem(NotFound.Agreement(id))
            : EntityTags.Tagged(EntityTags.Unchanged(ifNoneMatch, agreement.Version) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Ok(agreement), agreement.Version);
}
