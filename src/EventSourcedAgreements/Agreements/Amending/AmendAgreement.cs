namespace EventSourcedAgreements.Agreements.Amending;

public sealed record AmendAgreement(DateOnly? EffectiveOn, string? Summary, [MayBeOmitted] string? MoaUrl, [MayBeOmitted] DateOnly? ExpiresOn, [MayBeOmitted] int? ExpectedVersion);

public static class AmendAgreementEndpoint
{
    public static ProblemDetails Validate(AmendAgreement? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("effectiveOn", command.EffectiveOn, required: true)
            .Text("summary", command.Summary, Input.TextMaxLength, required: true)
            .Url("moaUrl", command.MoaUrl)
            .Date("expiresOn", command.ExpiresOn, required: false)
            .Version(command.ExpectedVersion)
            .ToProblem();

    public static Decision Decide(AmendAgreement command, Agreement agreement)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new AgreementAmended(effectiveOn, command.Summary!.Trim(), command.MoaUrl, command.ExpiresOn)),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.InStatus(agreement, "amend", Agreement.InForceStatuses),
            Rules.OnOrAfter(effectiveOn, "effectiveOn", agreement.SignedOn.GetValueOrDefault(), "the signing of the MOA in force"),
            Rules.OnOrBeforeExpiry(effectiveOn, "effectiveOn", agreement),
            Rules.ExpiryAfter(command.ExpiresOn, effectiveOn));
    }

    /// <summary>
    /// Amends the agreement in force from <c>effectiveOn</c>, with a summary of the amendment: a new expiry date or MOA link
    /// with it, if given.
    /// </summary>
    [WolverinePost("/api/agreements/{id}/amend", OperationId = "AmendAgreement")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(AmendAgreement command, [WriteAgreement] Agreement agreement, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement), ifMatch);
}
