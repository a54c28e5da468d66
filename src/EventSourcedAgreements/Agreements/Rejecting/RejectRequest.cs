namespace EventSourcedAgreements.Agreements.Rejecting;

public sealed record RejectRequest(string? Reason, [MayBeOmitted] int? ExpectedVersion);

public static class RejectRequestEndpoint
{
    public static ProblemDetails Validate(RejectRequest? command) =>
        command is null ? Input.MissingBody : new Input().Text("reason", command.Reason, Input.TextMaxLength, required: true).Version(command.ExpectedVersion).ToProblem();

    public static Decision Decide(RejectRequest command, Agreement agreement, DateOnly today) =>
        Rules.Decide(
            () => Decision.Accept(new RequestRejected(today, command.Reason!.Trim())),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.InStatus(agreement, "reject", AgreementStatus.Requested));

    /// <summary>
    /// The program office turns down an agency's request, with a reason.
    /// </summary>
    [WolverinePost("/api/agreements/{id}/reject", OperationId = "RejectRequest")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(RejectRequest command, [WriteAgreement] Agreement agreement, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement, Today.From(time)), ifMatch);
}
