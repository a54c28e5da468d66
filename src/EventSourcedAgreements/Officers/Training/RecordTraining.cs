using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Officers.Training;

/// <summary>
/// A course the officer completed, with its date and place: the basic course of the agreement's model (JEM at the ICE
/// Academy, WSO by a certified instructor, TFM), or, once certified, a refresher.
/// </summary>
public sealed record RecordTraining(DateOnly? CompletedOn, string? Course, string? Location, [MayBeOmitted] int? ExpectedVersion)
{
    public Course? Parsed => EnumNames.TryParse<Course>(Course, out var course) ? course : null;
}

public static class RecordTrainingEndpoint
{
    public static ProblemDetails Validate(RecordTraining? command) =>
        command is null ? Input.MissingBody : new Input()
            .Date("completedOn", command.CompletedOn, required: true)
            .Text("course", command.Course, Input.NameMaxLength, required: true)
            .Check("course", command.Course is null || command.Parsed is not null, $"'{command.Course}' is not a course: use JEM, WSO, TFM or Refresher.")
            .Text("location", command.Location, Input.NameMaxLength, required: true)
            .Version(command.ExpectedVersion)
            .ToProblem();

    /// <summary>
    /// The course; and for an officer suspended for want of it, the refresher restores the authority — from the day of the
    /// suspension when the refresher came before it (the record then lacked it), else from the refresher's day — when
    /// the officer's agreement (<paramref name="agreement"/>, read only then) is active.
    /// </summary>
    public static Decision Decide(RecordTraining command, Officer officer, Agreement? agreement, DateOnly today)
    {
        var completedOn = command.CompletedOn!.Value;
        var course = command.Parsed!.Value;
        var training = new TrainingCompleted(completedOn, course, command.Location!.Trim());
        var restores = Restores(officer, course) && agreement is not null && OfficerRules.AgreementActive(agreement, "restore") is null;
        return Rules.Decide(
            () => restores
                ? Decision.Accept(training, new AuthorityReinstated(officer.SuspendedOn is { } suspendedOn && suspendedOn > completedOn ? suspendedOn : completedOn))
                : Decision.Accept(training),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            OfficerRules.InStatus(officer, "record training of", OfficerStatus.Nominated, OfficerStatus.Authorized, OfficerStatus.Suspended),
            OfficerRules.CourseOfModel(officer, course),
            course == Officers.Course.Refresher && officer.CertifiedOn is { } certifiedOn
                ? Rules.OnOrAfter(completedOn, "completedOn", certifiedOn, "the certification of")
                : Rules.OnOrAfter(completedOn, "completedOn", officer.NominatedOn, "the nomination of"),
            Rules.OnOrBeforeToday(completedOn, "completedOn", today));
    }

    /// <summary>Whether a course of <paramref name="course"/> gives back the authority its absence suspended.</summary>
    public static bool Restores(Officer officer, Course course) =>
        course == Officers.Course.Refresher && officer is { Status: OfficerStatus.Suspended, SuspendedForRefresher: true };

    /// <summary>
    /// Records a course the officer completed, with its date and place: the basic course of the agreement's model, or a
    /// refresher (which gives back authority suspended for want of it).
    /// </summary>
    [WolverinePost("/api/officers/{id}/training", OperationId = "RecordTraining")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static async Task<(IResult, Events)> Post(
        RecordTraining command,
        [WriteOfficer] Officer officer,
        IDocumentSession session,
        TimeProvider time,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CancellationToken cancellationToken)
    {
        var agreement = command.Parsed is { } course && Restores(officer, course) ? await OfficerAgreement.LockAsync(session, officer, cancellationToken) : null;
        return officer.Respond(Decide(command, officer, agreement, Today.From(time)), ifMatch);
    }
}
