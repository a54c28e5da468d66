namespace EventSourcedAgreements.Agreements.Renewing;

public sealed record RenewAgreement(DateOnly? SignedOn, [MayBeOmitted] string? MoaUrl, [MayBeOmitted] DateOnly? ExpiresOn, [MayBeOmitted] int? ExpectedVersion);

public static class RenewAgreementEndpoint
{
    public static ProblemDetails Validate(RenewAgreement? command) =>
        command is null ? Input.MissingBody : new Input().Moa(command.SignedOn, command.MoaUrl, command.ExpiresOn).Version(command.ExpectedVersion).ToProblem();

    public static Decision Decide(RenewAgreement command, Agreement agreement, DateOnly today)
    {
        var signedOn = command.SignedOn!.Value;
        var current = agreement.SignedOn.GetValueOrDefault();
        return Rules.Decide(
            () => Decision.Accept(new AgreementRenewed(signedOn, command.MoaUrl, command.ExpiresOn, current)),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.InStatus(agreement, "renew", Agreement.InForceStatuses),
            signedOn <= current
                ? Problems.Conflict("Date out of order", $"A renewal is a new MOA: signedOn {signedOn:yyyy-MM-dd} must be after the signing of the MOA in force {current:yyyy-MM-dd}.")
                : null,
            agreement.ExpiresOn is { } expiry && signedOn > expiry
                ? Problems.Conflict("Agreement expired", $"The MOA in force expired on {expiry:yyyy-MM-dd}, before the renewal signed {signedOn:yyyy-MM-dd}; record its expiry and request a new agreement.")
                : null,
            Rules.OnOrBeforeToday(signedOn, "signedOn", today),
            Rules.ExpiryAfter(command.ExpiresOn, signedOn));
    }

    /// <summary>
    /// Renews the agreement under a new MOA signed on <c>signedOn</c>: the agreement stays the same record, the new MOA
    /// replaces the one in force.
    /// </summary>
    [WolverinePost("/api/agreements/{id}/renew", OperationId = "RenewAgreement")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(RenewAgreement command, [WriteAgreement] Agreement agreement, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement, Today.From(time)), ifMatch);
}
