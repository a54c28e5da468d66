using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Officers.Reinstating;

/// <summary>The program office lifts the suspension of the officer's authority from a day; the agreement must be active then, and the officer's refresher not overdue.</summary>
public sealed record ReinstateAuthority(DateOnly? EffectiveOn, [MayBeOmitted] int? ExpectedVersion);

public static class ReinstateAuthorityEndpoint
{
    public static ProblemDetails Validate(ReinstateAuthority? command) =>
        command is null ? Input.MissingBody : new Input().Date("effectiveOn", command.EffectiveOn, required: true).Version(command.ExpectedVersion).ToProblem();

    public static Decision Decide(ReinstateAuthority command, Officer officer, Agreement agreement, Officer? elsewhere, DateOnly today, OfficerSettings settings)
    {
        var effectiveOn = command.EffectiveOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new AuthorityReinstated(effectiveOn)),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            OfficerRules.InStatus(officer, "reinstate the authority of", OfficerStatus.Suspended),
            OfficerRules.AgreementActive(agreement, "reinstate an officer"),
            OfficerRules.NotAuthorizedElsewhere(officer, elsewhere),
            OfficerRules.OnOrAfterLastChange(effectiveOn, "effectiveOn", officer),
            OfficerRules.RefresherCurrent(officer, effectiveOn, settings),
            Rules.OnOrBeforeToday(effectiveOn, "effectiveOn", today));
    }

    /// <summary>
    /// Gives the suspended officer's authority back from <c>effectiveOn</c>, while the agreement is in force and no
    /// refresher is overdue.
    /// </summary>
    [WolverinePost("/api/officers/{id}/reinstate", OperationId = "ReinstateAuthority")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static async Task<(IResult, Events)> Post(
        ReinstateAuthority command,
        [WriteOfficer] Officer officer,
        IDocumentSession session,
        TimeProvider time,
        OfficerSettings settings,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CancellationToken cancellationToken)
    {
        var agreement = await OfficerAgreement.LockAsync(session, officer, cancellationToken);
        var elsewhere = await OfficerAgreement.AuthorityElsewhereAsync(session, officer, cancellationToken);
        return officer.Respond(Decide(command, officer, agreement, elsewhere, Today.From(time), settings), ifMatch);
    }
}
