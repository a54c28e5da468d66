using System.Security.Claims;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;

namespace EventSourcedAgreements.Officers.Separating;

/// <summary>The officer left the agency (retired, resigned, moved on): whatever authority the officer held ends that day. The agency may say so, or the program office.</summary>
public sealed record SeparateOfficer(DateOnly? EffectiveOn, [MayBeOmitted] string? Reason, [MayBeOmitted] int? ExpectedVersion);

public static class SeparateOfficerEndpoint
{
    public static ProblemDetails Validate(SeparateOfficer? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("effectiveOn", command.EffectiveOn, required: true)
            .Text("reason", command.Reason, Input.TextMaxLength, required: false)
            .Version(command.ExpectedVersion)
            .ToProblem();

    public static ProblemDetails Before(Officer officer, ClaimsPrincipal user) => AgencyAccess.Check(user, officer.AgencyId);

    public static Decision Decide(SeparateOfficer command, Officer officer, DateOnly today)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new OfficerSeparated(effectiveOn, string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim())),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            OfficerRules.InStatus(officer, "separate", OfficerStatus.Nominated, OfficerStatus.Authorized, OfficerStatus.Suspended),
            OfficerRules.OnOrAfterLastChange(effectiveOn, "effectiveOn", officer),
            Rules.OnOrBeforeToday(effectiveOn, "effectiveOn", today));
    }

    /// <summary>
    /// Records that the officer left the agency on <c>effectiveOn</c>: the nomination and any authority end.
    /// </summary>
    [WolverinePost("/api/officers/{id}/separate", OperationId = "SeparateOfficer")]
    [Authorize(Roles = $"{ProgramOfficer},{Roles.Agency}")]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(SeparateOfficer command, [WriteOfficer] Officer officer, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        officer.Respond(Decide(command, officer, Today.From(time)), ifMatch);
}
