using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Officers.Certifying;

/// <summary>ICE certifies and authorizes the officer as a designated immigration officer, with the functions of the agreement's model.</summary>
public sealed record CertifyOfficer(DateOnly? CertifiedOn, [MayBeOmitted] int? ExpectedVersion);

public static class CertifyOfficerEndpoint
{
    public static ProblemDetails Validate(CertifyOfficer? command) =>
        command is null ? Input.MissingBody : new Input().Date("certifiedOn", command.CertifiedOn, required: true).Version(command.ExpectedVersion).ToProblem();

    /// <summary>
    /// Certification under <paramref name="agreement"/> (the officer's); <paramref name="elsewhere"/> is the same
    /// person's authority under another agreement of the agency, if any.
    /// </summary>
    public static Decision Decide(CertifyOfficer command, Officer officer, Agreement agreement, Officer? elsewhere, DateOnly today)
    {
        var certifiedOn = command.CertifiedOn!.Value;
        var basicCourse = officer.Courses.Where(t => t.Course == Officer.BasicCourse(agreement.Model)).Select(t => (DateOnly?)t.CompletedOn).Min();
        return Rules.Decide(
            () => Decision.Accept(new OfficerCertified(certifiedOn, agreement.Model)),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            OfficerRules.InStatus(officer, "certify", OfficerStatus.Nominated),
            OfficerRules.Cleared(officer),
            OfficerRules.TrainedFor(officer, agreement.Model),
            OfficerRules.AgreementActive(agreement, "certify an officer"),
            OfficerRules.NotAuthorizedElsewhere(officer, elsewhere),
            Rules.OnOrAfter(certifiedOn, "certifiedOn", officer.ClearedOn.GetValueOrDefault(), "the background investigation of"),
            Rules.OnOrAfter(certifiedOn, "certifiedOn", basicCourse.GetValueOrDefault(), "the basic course completed on"),
            Rules.OnOrAfter(certifiedOn, "certifiedOn", agreement.SignedOn.GetValueOrDefault(), "the signing of the MOA in force,"),
            Rules.OnOrBeforeToday(certifiedOn, "certifiedOn", today));
    }

    /// <summary>
    /// Certifies and authorizes the officer from <c>certifiedOn</c>, with the functions of the agreement's model: the
    /// investigation passed and the model's basic course completed, under an agreement in force.
    /// </summary>
    [WolverinePost("/api/officers/{id}/certify", OperationId = "CertifyOfficer")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static async Task<(IResult, Events)> Post(
        CertifyOfficer command,
        [WriteOfficer] Officer officer,
        IDocumentSession session,
        TimeProvider time,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CancellationToken cancellationToken)
    {
        var agreement = await OfficerAgreement.LockAsync(session, officer, cancellationToken);
        var elsewhere = await OfficerAgreement.AuthorityElsewhereAsync(session, officer, cancellationToken);
        return officer.Respond(Decide(command, officer, agreement, elsewhere, Today.From(time)), ifMatch);
    }
}
