using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Officers;

/// <summary>
/// The rules of an officer's lifecycle, each named for what it requires; each returns null when the rule holds, else
/// the 409 that says why not (the date rules are the agreements' <see cref="Rules"/>).
/// </summary>
public static class OfficerRules
{
    public static ProblemDetails? AtVersion(Officer officer, int? expectedVersion) =>
        expectedVersion is { } expected && expected != officer.Version
            ? Problems.Conflict("Stale version", $"Officer {officer.Id} is at version {officer.Version}, not {expected}: reload it and decide again.")
            : null;

    public static ProblemDetails? InStatus(Officer officer, string action, params OfficerStatus[] allowed) =>
        allowed.Contains(officer.Status)
            ? null
            : Problems.Conflict(
                "Transition not allowed",
                $"Cannot {action} officer {officer.Id}: the officer is {officer.Status}; {action} needs {string.Join(" or ", allowed)}.");

    /// <summary>Officers are nominated under an agreement requested or in force (suspended agreements included: their MOA holds).</summary>
    public static ProblemDetails? NominationOpen(Agreement agreement) =>
        Agreement.OpenStatuses.Contains(agreement.Status)
            ? null
            : Problems.Conflict(
                "Agreement not open",
                $"Agreement {agreement.Id} is {agreement.Status}: officers are nominated under an agreement that is requested or in force.");

    /// <summary>Authority is given (certified, reinstated) only under an agreement in force and not suspended, with no suspension or termination waiting for its date.</summary>
    public static ProblemDetails? AgreementActive(Agreement agreement, string action) =>
        agreement.Status == AgreementStatus.Active && agreement.Pending is null
            ? null
            : Problems.Conflict(
                "Agreement not in force",
                $"Cannot {action} under agreement {agreement.Id}: it is {agreement.Status}{(agreement.Pending is { } pending ? $", with a {(pending.Change == AgreementStatus.Suspended ? "suspension" : "termination")} effective {pending.EffectiveOn:yyyy-MM-dd} waiting for its date" : string.Empty)}; authority exists only while the agreement is active.");

    public static ProblemDetails? Cleared(Officer officer) =>
        officer.ClearedOn is null
            ? Problems.Conflict("Background investigation not passed", $"Officer {officer.Id} has no passed background investigation (citizenship confirmed) on record; it comes before certification.")
            : null;

    public static ProblemDetails? NotInvestigated(Officer officer) =>
        officer.ClearedOn is { } cleared
            ? Problems.Conflict("Background investigation recorded", $"Officer {officer.Id} passed a background investigation on {cleared:yyyy-MM-dd}; one is recorded per nomination.")
            : null;

    public static ProblemDetails? TrainedFor(Officer officer, SupportModel model) =>
        officer.TrainedFor(model)
            ? null
            : Problems.Conflict("Training not completed", $"Officer {officer.Id} has not completed the {Officer.BasicCourse(model)} basic course that the agreement's model ({model}) requires before certification.");

    /// <summary>An officer takes the basic course of the agreement's model, and refreshers once certified.</summary>
    public static ProblemDetails? CourseOfModel(Officer officer, Course course) =>
        course switch
        {
            Course.Refresher when officer.CertifiedOn is null => Problems.Conflict("Refresher before certification", $"Officer {officer.Id} has not been certified: a refresher follows certification; the basic course is {Officer.BasicCourse(officer.Model)}."),
            Course.Refresher => null,
            _ when course == Officer.BasicCourse(officer.Model) => null,
            _ => Problems.Conflict("Course not of the model", $"The {course} course is not the basic course of officer {officer.Id}'s agreement ({officer.Model}): record the {Officer.BasicCourse(officer.Model)} course or a refresher."),
        };

    /// <summary>Authority is not given back on a day the officer's refresher is overdue (what the refresher deadline would suspend again).</summary>
    public static ProblemDetails? RefresherCurrent(Officer officer, DateOnly on, OfficerSettings settings) =>
        officer.RefreshedOn is { } refreshedOn && settings.RefresherOverdueOn(refreshedOn) <= on
            ? Problems.Conflict(
                "Refresher overdue",
                $"Officer {officer.Id} has no refresher on record since {refreshedOn:yyyy-MM-dd}: one was due by {settings.RefresherDueOn(refreshedOn):yyyy-MM-dd}, and from {settings.RefresherOverdueOn(refreshedOn):yyyy-MM-dd} authority is not given back without it; record the refresher first.")
            : null;

    /// <summary>One person of the agency holds authority under one agreement at a time.</summary>
    public static ProblemDetails? NotAuthorizedElsewhere(Officer officer, Officer? elsewhere) =>
        elsewhere is null
            ? null
            : Problems.Conflict("Authorized under another agreement", $"The person nominated as officer {officer.Id} is {elsewhere.Status} as officer {elsewhere.Id} under agreement {elsewhere.AgreementId} of the same agency: one agreement at a time; end that authority first.");

    /// <summary>A person already nominated under the agreement, and not ended, is followed on that nomination.</summary>
    public static ProblemDetails? NotNominatedAlready(Guid agreementId, Officer? open) =>
        open is null
            ? null
            : Problems.Conflict("Already nominated", $"The person is officer {open.Id} under agreement {agreementId}, {open.Status}: follow that nomination.");

    /// <summary>A change to the officer's authority takes effect on or after the last one (its certification, suspension or reinstatement).</summary>
    public static ProblemDetails? OnOrAfterLastChange(DateOnly date, string field, Officer officer) =>
        officer.LastChangeOn is { } last
            ? Rules.OnOrAfter(date, field, last, officer.Status == OfficerStatus.Suspended ? "the suspension of" : "the last change to the officer's authority,")
            : Rules.OnOrAfter(date, field, officer.NominatedOn, "the nomination of");
}
