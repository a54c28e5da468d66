using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Officers.Correcting;

/// <param name="Field">
/// What was recorded wrong: <c>nominatedOn</c>, <c>clearedOn</c> (the background investigation passed), <c>certifiedOn</c>,
/// <c>suspendedOn</c> (the suspension in force, by the program office) or <c>endedOn</c> (a revocation or separation).
/// </param>
/// <param name="Value">What it really was.</param>
/// <param name="Reason">Why the record was wrong, for the auditors.</param>
/// <param name="ExpectedVersion">The version the caller last saw.</param>
public sealed record CorrectOfficer(string? Field, DateOnly? Value, string? Reason, [MayBeOmitted] int? ExpectedVersion);

public static class CorrectOfficerEndpoint
{
    public static ProblemDetails Validate(CorrectOfficer? command) =>
        command is null ? Input.MissingBody : new Input()
            .Check("field", command.Field is not null && OfficerDateCorrected.Fields.Contains(command.Field), $"field '{command.Field}' cannot be corrected: use {string.Join(", ", OfficerDateCorrected.Fields)}.")
            .Date("value", command.Value, required: true)
            .Text("reason", command.Reason, Input.TextMaxLength, required: true)
            .Version(command.ExpectedVersion)
            .ToProblem();

    /// <summary>
    /// The correction, when the new date keeps the record in order: a nomination after the agreement's request and
    /// before everything that followed it; an investigation after the nomination and before the certification; a
    /// certification after the investigation, the basic course and the MOA's signing, before any refresher and the end,
    /// and only while it is the officer's last change of authority (a suspension or reinstatement since was dated
    /// against it); the suspension in force on or after the day the authority began; a revocation's or separation's date on
    /// or after the last change before it. A suspension or end the service recorded following the agreement, or the
    /// refresher deadline, is not corrected here: its date is the agreement's, or follows from the refresher's.
    /// </summary>
    public static Decision Decide(CorrectOfficer command, Officer officer, Agreement agreement, DateOnly today)
    {
        var value = command.Value!.Value;
        var field = command.Field!;
        DateOnly? current = field switch
        {
            OfficerDateCorrected.NominatedOn => officer.NominatedOn,
            OfficerDateCorrected.ClearedOn => officer.ClearedOn,
            OfficerDateCorrected.SuspendedOn => officer.Status == OfficerStatus.Suspended ? officer.SuspendedOn : null,
            OfficerDateCorrected.EndedOn => officer.EndedOn,
            _ => officer.CertifiedOn,
        };
        if (current is not { } from)
        {
            return Problems.Conflict(
                "Nothing to correct",
                field == OfficerDateCorrected.SuspendedOn
                    ? $"Officer {officer.Id} is {officer.Status}, not suspended: only the suspension in force can be corrected."
                    : $"Officer {officer.Id} has no {field} on record to correct.");
        }

        if (NotRecordedByCommand(officer, field, from) is { } followed)
        {
            return followed;
        }

        var basicCourse = officer.Courses.Where(c => c.Course == Officer.BasicCourse(officer.Model)).Select(c => (DateOnly?)c.CompletedOn).Min();
        var firstRefresher = officer.Courses.Where(c => c.Course == Course.Refresher).Select(c => (DateOnly?)c.CompletedOn).Min();
        var firstCourse = officer.Courses.Select(c => (DateOnly?)c.CompletedOn).Min();
        return Rules.Decide(
            () => Decision.Accept(new OfficerDateCorrected(today, field, from, value, command.Reason!.Trim())),
            OfficerRules.AtVersion(officer, command.ExpectedVersion),
            value == from ? Problems.Conflict("Nothing to correct", $"{field} is already {value:yyyy-MM-dd}.") : null,
            Rules.OnOrBeforeToday(value, "value", today),
            field switch
            {
                OfficerDateCorrected.NominatedOn => Rules.OnOrAfter(value, "value", agreement.RequestedOn, "the request of the agreement,")
                    ?? Before(value, Earliest(officer.ClearedOn, firstCourse, officer.CertifiedOn, officer.EndedOn), "what followed the nomination"),
                OfficerDateCorrected.ClearedOn => Rules.OnOrAfter(value, "value", officer.NominatedOn, "the nomination of")
                    ?? Before(value, officer.CertifiedOn, "the certification"),
                OfficerDateCorrected.SuspendedOn => Rules.OnOrAfter(value, "value", (officer.AuthorizedSince ?? officer.CertifiedOn).GetValueOrDefault(), "the day the authority began,"),
                OfficerDateCorrected.EndedOn => OfficerRules.OnOrAfterLastChange(value, "value", officer),
                _ => (officer.LastChangeOn != from
                        ? Problems.Conflict("Changed since", $"Officer {officer.Id}'s authority changed on {officer.LastChangeOn:yyyy-MM-dd}, after the certification of {from:yyyy-MM-dd}: that change was dated against it.")
                        : null)
                    ?? Rules.OnOrAfter(value, "value", officer.ClearedOn.GetValueOrDefault(), "the background investigation of")
                    ?? Rules.OnOrAfter(value, "value", basicCourse.GetValueOrDefault(), "the basic course completed on")
                    ?? Rules.OnOrAfter(value, "value", agreement.SignedOn.GetValueOrDefault(), "the signing of the MOA in force,")
                    ?? Before(value, Earliest(firstRefresher, officer.EndedOn), "a refresher or the end of the authority"),
            });
    }

    /// <summary>A suspension or end dated by the agreement or by the refresher deadline: the date follows from theirs.</summary>
    private static ProblemDetails? NotRecordedByCommand(Officer officer, string field, DateOnly from) => field switch
    {
        OfficerDateCorrected.SuspendedOn when officer.SuspendedWithAgreement => Problems.Conflict(
            "Follows the agreement",
            $"Officer {officer.Id}'s authority was suspended with the agreement on {from:yyyy-MM-dd}: the date is the agreement's; correct the agreement's record."),
        OfficerDateCorrected.SuspendedOn when officer.SuspendedForRefresher => Problems.Conflict(
            "Follows the refresher deadline",
            $"Officer {officer.Id}'s authority was suspended on {from:yyyy-MM-dd} because a refresher was overdue: record the refresher, or correct the certification it was counted from."),
        OfficerDateCorrected.EndedOn when officer.Status == OfficerStatus.Lapsed => Problems.Conflict(
            "Follows the agreement",
            $"Officer {officer.Id}'s authority ended with the agreement on {from:yyyy-MM-dd}: the date is the agreement's; correct the agreement's record."),
        _ => null,
    };

    private static DateOnly? Earliest(params DateOnly?[] dates) => dates.Where(d => d is not null).Min();

    private static ProblemDetails? Before(DateOnly value, DateOnly? next, string what) =>
        next is { } limit && value > limit
            ? Problems.Conflict("Date out of order", $"value {value:yyyy-MM-dd} is after {what} ({limit:yyyy-MM-dd}).")
            : null;

    /// <summary>Fixes a recorded date with a reason; the event that recorded it stays, and answers as known before today keep it.</summary>
    [WolverinePost("/api/officers/{id}/corrections", OperationId = "CorrectOfficer")]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status200OK)]
    public static async Task<(IResult, Events)> Post(
        CorrectOfficer command,
        [WriteOfficer] Officer officer,
        IQuerySession session,
        TimeProvider time,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CancellationToken cancellationToken)
    {
        var agreement = await session.LoadAsync<Agreement>(officer.AgreementId, cancellationToken)
            ?? throw new InvalidOperationException($"Officer {officer.Id}'s agreement {officer.AgreementId} is not on record.");
        return officer.Respond(Decide(command, officer, agreement, Today.From(time)), ifMatch);
    }
}
