using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Officers.Training;

/// <summary>
/// A course the officer completed, with its date and place: the basic course of the agreement's model (JEM at the ICE
/// Academy, WSO by a certified instructor, TFM), or, once certified, a refresher.
/// </summary>
public sealed record RecordTraining(DateOnly? CompletedOn, string? Course, string? Location, int? ExpectedVersion)
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

    public static Decision Decide(RecordTraining command, Officer officer, DateOnly today)
    {
        var completedOn = command.CompletedOn!.Value;
        var course = command.Parsed!.Value;
        return Rules.Decide(
            () => Decision.Accept(new TrainingCompleted(completedOn, course, command.Location!.Trim())),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            OfficerRules.InStatus(officer, "record training of", OfficerStatus.Nominated, OfficerStatus.Authorized, OfficerStatus.Suspended),
            OfficerRules.CourseOfModel(officer, course),
            course == Officers.Course.Refresher && officer.CertifiedOn is { } certifiedOn
                ? Rules.OnOrAfter(completedOn, "completedOn", certifiedOn, "the certification of")
                : Rules.OnOrAfter(completedOn, "completedOn", officer.NominatedOn, "the nomination of"),
            Rules.OnOrBeforeToday(completedOn, "completedOn", today));
    }

    [WolverinePost("/api/officers/{id}/training")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static (IResult, Events) Post(RecordTraining command, [WriteOfficer] Officer officer, TimeProvider time, [FromHeader(Name = "If-Match")] string? ifMatch) =>
        officer.Respond(Decide(command, officer, Today.From(time)), ifMatch);
}
