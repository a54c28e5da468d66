namespace EventSourcedAgreements.Agreements.Correcting;

/// <param name="Field">What was recorded wrong: <c>signedOn</c> (of the MOA in force) or <c>expiresOn</c>.</param>
/// <param name="Value">What it really was.</param>
/// <param name="Reason">Why the record was wrong, for the auditors.</param>
/// <param name="ExpectedVersion">The version the caller last saw.</param>
public sealed record CorrectAgreement(string? Field, DateOnly? Value, string? Reason, [MayBeOmitted] int? ExpectedVersion);

public static class CorrectAgreementEndpoint
{
    public const string SignedOn = "signedOn";
    public const string ExpiresOn = "expiresOn";

    public static ProblemDetails Validate(CorrectAgreement? command) =>
        command is null ? Input.MissingBody : new Input()
            .Check("field", command.Field is SignedOn or ExpiresOn, $"field '{command.Field}' cannot be corrected: use {SignedOn} or {ExpiresOn}.")
            .Date("value", command.Value, required: true)
            .Text("reason", command.Reason, Input.TextMaxLength, required: true)
            .Version(command.ExpectedVersion)
            .ToProblem();

    public static Decision Decide(CorrectAgreement command, Agreement agreement, DateOnly today)
    {
        var value = command.Value!.Value;
        var reason = command.Reason!.Trim();
        if (agreement.SignedOn is not { } signedOn)
        {
            return Problems.Conflict("Nothing to correct", $"Agreement {agreement.Id} was never signed: it has no {command.Field} to correct.");
        }

        return command.Field == SignedOn
            ? Rules.Decide(
                () => Decision.Accept(new SigningDateCorrected(today, signedOn, value, reason)),
                Rules.AtVersion(agreement, command.ExpectedVersion),
                value == signedOn ? Problems.Conflict("Nothing to correct", $"signedOn is already {value:yyyy-MM-dd}.") : null,
                Rules.OnOrAfter(value, "value", agreement.RequestedOn, "the request of"),
                agreement.ReplacedMoaSignedOn is { } replaced && value <= replaced
                    ? Problems.Conflict("Date out of order", $"The MOA in force renewed the MOA signed {replaced:yyyy-MM-dd}: its signing {value:yyyy-MM-dd} must be after that.")
                    : null,
                Rules.OnOrBeforeToday(value, "value", today),
                Rules.ExpiryAfter(agreement.ExpiresOn, value))
            : Rules.Decide(
                () => Decision.Accept(new ExpiryCorrected(today, agreement.ExpiresOn, value, reason)),
                Rules.AtVersion(agreement, command.ExpectedVersion),
                value == agreement.ExpiresOn ? Problems.Conflict("Nothing to correct", $"expiresOn is already {value:yyyy-MM-dd}.") : null,
                Rules.ExpiryAfter(value, signedOn));
    }

    /// <summary>Fixes a recorded fact with a reason; the event that recorded it stays, and answers as known before today keep it.</summary>
    [WolverinePost("/api/agreements/{id}/corrections", OperationId = "CorrectAgreement")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(CorrectAgreement command, [WriteAgreement] Agreement agreement, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement, Today.From(time)), ifMatch);
}
