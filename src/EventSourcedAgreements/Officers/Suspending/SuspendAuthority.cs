using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Officers.Suspending;

/// <summary>The program office suspends the officer's authority from a day, with a reason; a reinstatement lifts it.</summary>
public sealed record SuspendAuthority(DateOnly? EffectiveOn, string? Reason, [MayBeOmitted] int? ExpectedVersion);

public static class SuspendAuthorityEndpoint
{
    public static ProblemDetails Validate(SuspendAuthority? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("effectiveOn", command.EffectiveOn, required: true)
            .Text("reason", command.Reason, Input.TextMaxLength, required: true)
            .Version(command.ExpectedVersion)
            .ToProblem();

    public static Decision Decide(SuspendAuthority command, Officer officer, DateOnly today)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new AuthoritySuspended(effectiveOn, command.Reason!.Trim())),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            OfficerRules.InStatus(officer, "suspend the authority of", OfficerStatus.Authorized),
            OfficerRules.OnOrAfterLastChange(effectiveOn, "effectiveOn", officer),
            Rules.OnOrBeforeToday(effectiveOn, "effectiveOn", today));
    }

    /// <summary>
    /// Suspends the officer's authority from <c>effectiveOn</c>, with a reason.
    /// </summary>
    [WolverinePost("/api/officers/{id}/suspend", OperationId = "SuspendAuthority")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(SuspendAuthority command, [WriteOfficer] Officer officer, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        officer.Respond(Decide(command, officer, Today.From(time)), ifMatch);
}
