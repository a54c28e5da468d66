using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Officers.Investigating;

/// <summary>ICE's background investigation of the officer completed: <c>Passed</c> or <c>Failed</c>, U.S. citizenship confirmed as part of it.</summary>
public sealed record RecordInvestigation(DateOnly? CompletedOn, string? Result, bool? CitizenshipConfirmed, [MayBeOmitted] int? ExpectedVersion)
{
    public bool? Passed => Result?.Trim() switch
    {
        { } r when r.Equals("Passed", StringComparison.OrdinalIgnoreCase) => true,
        { } r when r.Equals("Failed", StringComparison.OrdinalIgnoreCase) => false,
        _ => null,
    };
}

public static class RecordInvestigationEndpoint
{
    public static ProblemDetails Validate(RecordInvestigation? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("completedOn", command.CompletedOn, required: true)
            .Text("result", command.Result, Input.NameMaxLength, required: true)
            .Check("result", command.Result is null || command.Passed is not null, $"'{command.Result}' is not a result: use Passed or Failed.")
            .Check("citizenshipConfirmed", command.CitizenshipConfirmed is not null, "citizenshipConfirmed is required: officers of the program must possess U.S. citizenship, confirmed by the investigation.")
            .Check("citizenshipConfirmed", command.Passed is not true || command.CitizenshipConfirmed is not false, "An investigation passes only with U.S. citizenship confirmed: record it as Failed.")
            .Version(command.ExpectedVersion)
            .ToProblem();

    public static Decision Decide(RecordInvestigation command, Officer officer, DateOnly today)
    {
        var completedOn = command.CompletedOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new BackgroundInvestigationCompleted(completedOn, command.Passed!.Value, command.CitizenshipConfirmed!.Value)),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            OfficerRules.InStatus(officer, "record a background investigation of", OfficerStatus.Nominated),
            OfficerRules.NotInvestigated(officer),
            Rules.OnOrAfter(completedOn, "completedOn", officer.NominatedOn, "the nomination of"),
            Rules.OnOrBeforeToday(completedOn, "completedOn", today));
    }

    /// <summary>
    /// Records the outcome of the officer's background investigation (citizenship confirmed as part of it): a failed
    /// one ends the nomination.
    /// </summary>
    [WolverinePost("/api/officers/{id}/background-investigation", OperationId = "RecordInvestigation")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(RecordInvestigation command, [WriteOfficer] Officer officer, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        officer.Respond(Decide(command, officer, Today.From(time)), ifMatch);
}
