namespace EventSourcedAgreements.Agreements.Expiring;

public sealed record RecordExpiry([MayBeOmitted] int? ExpectedVersion);

public static class RecordExpiryEndpoint
{
    public static ProblemDetails Validate(RecordExpiry? command) => command is null ? Input.MissingBody : new Input().Version(command.ExpectedVersion).ToProblem();

    public static Decision Decide(RecordExpiry command, Agreement agreement, DateOnly today) =>
        Rules.Decide(
            () => Decision.Accept(new AgreementExpired(agreement.ExpiresOn!.Value)),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.InStatus(agreement, "expire", Agreement.InForceStatuses),
            agreement.ExpiresOn is not { } expiry
                ? Problems.Conflict("No expiry date", $"Agreement {agreement.Id} has no expiry date; end it with a termination.")
                : expiry > today
                    ? Problems.Conflict("Not yet expired", $"Agreement {agreement.Id} expires on {expiry:yyyy-MM-dd}, after today ({today:yyyy-MM-dd}).")
                    : null);

    /// <summary>
    /// Records that the agreement expired on its expiry date (the service also does it by itself on the day, when its
    /// deadlines run).
    /// </summary>
    [WolverinePost("/api/agreements/{id}/expire", OperationId = "RecordExpiry")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(RecordExpiry command, [WriteAgreement] Agreement agreement, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement, Today.From(time)), ifMatch);
}
