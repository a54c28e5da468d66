using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Agreements.Suspending;

public sealed record SuspendAgreement(DateOnly? EffectiveOn, string? Reason, int? ExpectedVersion);

public static class SuspendAgreementEndpoint
{
    public static ProblemDetails Validate(SuspendAgreement? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("effectiveOn", command.EffectiveOn, required: true)
            .Text("reason", command.Reason, Input.TextMaxLength, required: true)
            .Version(command.ExpectedVersion)
            .ToProblem();

    public static Decision Decide(SuspendAgreement command, Agreement agreement)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new AgreementSuspended(effectiveOn, command.Reason!.Trim())),
            Rules.StaleVersion(agreement, command.ExpectedVersion),
            Rules.NotIn(agreement, "suspend", AgreementStatus.Active),
            Rules.NotBeforeLastChange(effectiveOn, "effectiveOn", agreement),
            Rules.NotAfterExpiry(effectiveOn, "effectiveOn", agreement));
    }

    [WolverinePost("/api/agreements/{id}/suspend")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(SuspendAgreement command, [WriteAgreement] Agreement agreement, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        agreement.Respond(Decide(command, agreement), ifMatch);
}
