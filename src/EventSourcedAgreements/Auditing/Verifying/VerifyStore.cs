namespace EventSourcedAgreements.Auditing.Verifying;

public static class VerifyStoreEndpoint
{
    public const string AnchorFormat = "anchor is an anchor's number and hash as published, NUMBER:HASH (64 hexadecimal digits).";

    public static ProblemDetails Validate(string? anchor) =>
        new Input().Check("anchor", string.IsNullOrEmpty(anchor) || PublishedAnchor.TryParse(anchor, out _), AnchorFormat).ToProblem();

    /// <summary>
    /// Recomputes every event's hash and every anchor's; with <c>anchor=NUMBER:HASH</c>, also checks that anchor against
    /// the hash kept outside the database.
    /// </summary>
    [WolverineGet("/api/audit/verify", OperationId = "VerifyStore")]
    [Authorize(Roles = $"{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<StoreVerificationResult>(StatusCodes.Status200OK)]
    public static Task<StoreVerificationResult> Get(string? anchor, Verification verification, CancellationToken cancellationToken) =>
        verification.VerifyStoreAsync(PublishedAnchor.TryParse(anchor, out var published) ? published : null, cancellationToken);
}
