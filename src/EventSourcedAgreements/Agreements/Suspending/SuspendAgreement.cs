namespace EventSourcedAgreements.Agreements.Suspending;

public sealed record SuspendAgreement(DateOnly? EffectiveOn, string? Reason, [MayBeOmitted] int? ExpectedVersion);

public static class SuspendAgreementEndpoint
{
    public static ProblemDetails Validate(SuspendAgreement? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("effectiveOn", command.EffectiveOn, required: true)
            .Text("reason", command.Reason, Input.TextMaxLength, required: true)
            .Version(command.ExpectedVersion)
            .ToProblem();

    /// <summary>A suspension effective after <paramref name="today"/> is scheduled: the agreement stays Active until its date.</summary>
    public static Decision Decide(SuspendAgreement command, Agreement agreement, DateOnly today)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new AgreementSuspended(effectiveOn, command.Reason!.Trim(), Scheduled: effectiveOn > today)),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.NothingPending(agreement, "suspend"),
            Rules.InStatus(agreement, "suspend", AgreementStatus.Active),
            Rules.OnOrAfterLastChange(effectiveOn, "effectiveOn", agreement),
            Rules.OnOrBeforeExpiry(effectiveOn, "effectiveOn", agreement),
            Rules.ScheduledBeforeExpiry(effectiveOn, "effectiveOn", today, agreement));
    }

    /// <summary>
    /// Suspends the agreement from <c>effectiveOn</c>, with a reason; a suspension dated after today is recorded now
    /// and takes effect on its day.
    /// </summary>
    [WolverinePost("/api/agreements/{id}/suspend", OperationId = "SuspendAgreement")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(SuspendAgreement command, [WriteAgreement] Agreement agreement, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement, Today.From(time)), ifMatch);
}
