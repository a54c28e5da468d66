namespace EventSourcedAgreements.Agreements.Reinstating;

public sealed record ReinstateAgreement(DateOnly? EffectiveOn, [MayBeOmitted] int? ExpectedVersion);

public static class ReinstateAgreementEndpoint
{
    public static ProblemDetails Validate(ReinstateAgreement? command) =>
        command is null ? Input.MissingBody : new Input().Date("effectiveOn", command.EffectiveOn, required: true).Version(command.ExpectedVersion).ToProblem();

    public static Decision Decide(ReinstateAgreement command, Agreement agreement)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new AgreementReinstated(effectiveOn)),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.NothingPending(
                agreement,
                "reinstate",
                agreement.Pending?.Change == AgreementStatus.Suspended ? "; a reinstatement follows a suspension in effect: reinstate it once the suspension has taken effect, effective that day or later" : null),
            Rules.InStatus(agreement, "reinstate", AgreementStatus.Suspended),
            Rules.OnOrAfterLastChange(effectiveOn, "effectiveOn", agreement),
            Rules.OnOrBeforeExpiry(effectiveOn, "effectiveOn", agreement));
    }

    /// <summary>
    /// Puts a suspended agreement back in force from <c>effectiveOn</c>.
    /// </summary>
    [WolverinePost("/api/agreements/{id}/reinstate", OperationId = "ReinstateAgreement")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(ReinstateAgreement command, [WriteAgreement] Agreement agreement, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement), ifMatch);
}
