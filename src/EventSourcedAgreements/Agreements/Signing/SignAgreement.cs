namespace EventSourcedAgreements.Agreements.Signing;

public sealed record SignAgreement(DateOnly? SignedOn, [MayBeOmitted] string? MoaUrl, [MayBeOmitted] DateOnly? ExpiresOn, [MayBeOmitted] int? ExpectedVersion);

public static class SignAgreementEndpoint
{
    public static ProblemDetails Validate(SignAgreement? command) =>
        command is null ? Input.MissingBody : new Input().Moa(command.SignedOn, command.MoaUrl, command.ExpiresOn).Version(command.ExpectedVersion).ToProblem();

    public static Decision Decide(SignAgreement command, Agreement agreement, DateOnly today)
    {
        var signedOn = command.SignedOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new AgreementSigned(signedOn, command.MoaUrl, command.ExpiresOn)),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.InStatus(agreement, "sign", AgreementStatus.Requested),
            Rules.OnOrAfter(signedOn, "signedOn", agreement.RequestedOn, "the request of"),
            Rules.OnOrBeforeToday(signedOn, "signedOn", today),
            Rules.ExpiryAfter(command.ExpiresOn, signedOn));
    }

    /// <summary>
    /// Records that ICE and the agency signed the MOA on <c>signedOn</c>: the requested agreement is in force from that
    /// day (until <c>expiresOn</c>, if given).
    /// </summary>
    [WolverinePost("/api/agreements/{id}/sign", OperationId = "SignAgreement")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(SignAgreement command, [WriteAgreement] Agreement agreement, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement, Today.From(time)), ifMatch);
}
