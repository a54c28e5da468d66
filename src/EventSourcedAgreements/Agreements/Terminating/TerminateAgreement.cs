using System.Security.Claims;
using EventSourcedAgreements.Security;

namespace EventSourcedAgreements.Agreements.Terminating;

public sealed record TerminateAgreement(DateOnly? EffectiveOn, string? InitiatedBy, string? Reason, [MayBeOmitted] int? ExpectedVersion)
{
    public TerminationInitiator? Initiator =>
        EnumNames.TryParse<TerminationInitiator>(InitiatedBy, out var initiator) ? initiator : null;
}

public static class TerminateAgreementEndpoint
{
    public static ProblemDetails Validate(TerminateAgreement? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("effectiveOn", command.EffectiveOn, required: true)
            .Text("initiatedBy", command.InitiatedBy, Input.NameMaxLength, required: true)
            .Check(
                "initiatedBy",
                command.InitiatedBy is null || command.Initiator is not null,
                $"'{command.InitiatedBy}' is not who may end an agreement: use ICE or Agency.")
            .Text("reason", command.Reason, Input.TextMaxLength, required: true)
            .Version(command.ExpectedVersion)
            .ToProblem();

    public static ProblemDetails Before(TerminateAgreement? command, Agreement agreement, ClaimsPrincipal user)
    {
        var access = AgencyAccess.Check(user, agreement.AgencyId);
        if (!ReferenceEquals(access, WolverineContinue.NoProblems) || user.IsInRole(ProgramOfficer) || command?.Initiator is null or TerminationInitiator.Agency)
        {
            return access;
        }

        return new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Not your decision",
            Detail = "An agency may terminate its own agreement only as initiatedBy Agency.",
            Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        };
    }

    /// <summary>
    /// A termination effective after <paramref name="today"/> is scheduled: the agreement stays open until its date. One
    /// in effect by today overtakes a pending suspension (which then finds the agreement ended); nothing else gets past a
    /// pending change.
    /// </summary>
    public static Decision Decide(TerminateAgreement command, Agreement agreement, DateOnly today)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        var overtakes = agreement.Pending is { Change: AgreementStatus.Suspended } && effectiveOn <= today;
        return Rules.Decide(
            () => Decision.Accept(new AgreementTerminated(effectiveOn, command.Initiator!.Value, command.Reason!.Trim(), Scheduled: effectiveOn > today)),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.InStatus(agreement, "terminate", Agreement.InForceStatuses),
            overtakes ? null : Rules.NothingPending(
                agreement,
                "terminate",
                agreement.Pending?.Change == AgreementStatus.Suspended ? "; a termination effective today or earlier ends the agreement before that suspension" : null),
            Rules.OnOrAfterLastChange(effectiveOn, "effectiveOn", agreement),
            Rules.OnOrBeforeExpiry(effectiveOn, "effectiveOn", agreement),
            Rules.ScheduledBeforeExpiry(effectiveOn, "effectiveOn", today, agreement));
    }

    /// <summary>
    /// Ends the agreement from <c>effectiveOn</c>, on the initiative of ICE or the agency, with a reason; a termination
    /// dated after today is recorded now and takes effect on its day.
    /// </summary>
    [WolverinePost("/api/agreements/{id}/terminate", OperationId = "TerminateAgreement")]
    [Authorize(Roles = $"{ProgramOfficer},{Roles.Agency}")]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(TerminateAgreement command, [WriteAgreement] Agreement agreement, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement, Today.From(time)), ifMatch);
}
