using System.Security.Claims;
using EventSourcedAgreements.Security;

namespace EventSourcedAgreements.Agreements.Withdrawing;

public sealed record WithdrawRequest([MayBeOmitted] string? Reason, [MayBeOmitted] int? ExpectedVersion);

public static class WithdrawRequestEndpoint
{
    public static ProblemDetails Validate(WithdrawRequest? command) =>
        command is null ? Input.MissingBody : new Input().Text("reason", command.Reason, Input.TextMaxLength, required: false).Version(command.ExpectedVersion).ToProblem();

    public static ProblemDetails Before(Agreement agreement, ClaimsPrincipal user) => AgencyAccess.Check(user, agreement.AgencyId);

    public static Decision Decide(WithdrawRequest command, Agreement agreement, DateOnly today) =>
        Rules.Decide(
            () => Decision.Accept(new RequestWithdrawn(today, string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim())),
            Rules.AtVersion(agreement, command.ExpectedVersion),
            Rules.InStatus(agreement, "withdraw", AgreementStatus.Requested));

    /// <summary>
    /// The agency withdraws its request before it is decided.
    /// </summary>
    [WolverinePost("/api/agreements/{id}/withdraw", OperationId = "WithdrawRequest")]
    [Authorize(Roles = $"{ProgramOfficer},{Roles.Agency}")]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(WithdrawRequest command, [WriteAgreement] Agreement agreement, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement, Today.From(time)), ifMatch);
}
