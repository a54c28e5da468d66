using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Officers.Revoking;

/// <summary>The program office revokes the officer's authority for good, from a day, with a reason.</summary>
public sealed record RevokeAuthority(DateOnly? EffectiveOn, string? Reason, [MayBeOmitted] int? ExpectedVersion);

public static class RevokeAuthorityEndpoint
{
    public static ProblemDetails Validate(RevokeAuthority? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("effectiveOn", command.EffectiveOn, required: true)
            .Text("reason", command.Reason, Input.TextMaxLength, required: true)
            .Version(command.ExpectedVersion)
            .ToProblem();

    public static Decision Decide(RevokeAuthority command, Officer officer, DateOnly today)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new AuthorityRevoked(effectiveOn, command.Reason!.Trim())),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            OfficerRules.InStatus(officer, "revoke the authority of", Officer.AuthorityStatuses),
            OfficerRules.OnOrAfterLastChange(effectiveOn, "effectiveOn", officer),
            Rules.OnOrBeforeToday(effectiveOn, "effectiveOn", today));
    }

    /// <summary>
    /// Revokes the officer's authority from <c>effectiveOn</c> for good, with a reason.
    /// </summary>
    [WolverinePost("/api/officers/{id}/revoke", OperationId = "RevokeAuthority")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(RevokeAuthority command, [WriteOfficer] Officer officer, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        officer.Respond(Decide(command, officer, Today.From(time)), ifMatch);
}
