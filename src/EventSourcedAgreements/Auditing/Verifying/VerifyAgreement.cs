namespace EventSourcedAgreements.Auditing.Verifying;

public static class VerifyAgreementEndpoint
{
    /// <summary>Recomputes the agreement's hash chain: intact, or the first event whose row was altered.</summary>
    [WolverineGet("/api/agreements/{id}/verify", OperationId = "VerifyAgreement")]
    [Authorize(Roles = $"{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<VerificationResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, Verification verification, CancellationToken cancellationToken)
    {
        var result = await verification.VerifyAsync(id, cancellationToken);
        return result.EventsChecked == 0 ? Results.Problem(NotFound.Agreement(id)) : Results.Ok(result);
    }
}
