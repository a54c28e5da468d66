namespace EventSourcedAgreements.Agreements;

/// <summary>
/// The rules several lifecycle decisions share, each named for what it requires (<c>OnOrAfter</c>: the date is on or
/// after the earliest); each returns null when the rule holds, else the 409 that says why not.
/// </summary>
public static class Rules
{
    public static ProblemDetails? AtVersion(Agreement agreement, int? expectedVersion) =>
        expectedVersion is { } expected && expected != agreement.Version
            ? Problems.Conflict(
                "Stale version",
                $"Agreement {agreement.Id} is at version {agreement.Version}, not {expected}: reload it and decide again.")
            : null;

    public static ProblemDetails? InStatus(Agreement agreement, string action, params AgreementStatus[] allowed) =>
        allowed.Contains(agreement.Status)
            ? null
            : Problems.Conflict(
                "Transition not allowed",
                $"Cannot {action} agreement {agreement.Id}: it is {agreement.Status}; {action} needs {string.Join(" or ", allowed)}.");

    public static ProblemDetails? OnOrAfter(DateOnly date, string field, DateOnly earliest, string earliestMeaning) =>
        date < earliest
            ? Problems.Conflict("Date out of order", $"{field} {date:yyyy-MM-dd} is before {earliestMeaning} {earliest:yyyy-MM-dd}.")
            : null;

    public static ProblemDetails? OnOrBeforeToday(DateOnly date, string field, DateOnly today) =>
        date > today
            ? Problems.Conflict("Date in the future", $"{field} {date:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}); record it once it has happened.")
            : null;

    /// <summary>Suspensions, reinstatements and terminations follow the signing of the MOA in force and each other.</summary>
    public static ProblemDetails? OnOrAfterLastChange(DateOnly date, string field, Agreement agreement)
    {
        (DateOnly On, string Meaning)[] changes =
        [
            (agreement.SignedOn.GetValueOrDefault(), "the signing of the MOA in force"),
            (agreement.SuspendedOn.GetValueOrDefault(), "the suspension of"),
            (agreement.LastReinstatedOn.GetValueOrDefault(), "the last reinstatement"),
        ];
        var last = changes.MaxBy(change => change.On);
        return OnOrAfter(date, field, last.On, last.Meaning);
    }

    /// <summary>A change can take effect only while the MOA in force has not expired (expiresOn is its first day out of force).</summary>
    public static ProblemDetails? OnOrBeforeExpiry(DateOnly date, string field, Agreement agreement) =>
        agreement.ExpiresOn is { } expiry && date > expiry
            ? Problems.Conflict("Agreement expired", $"The MOA in force expires on {expiry:yyyy-MM-dd}, before {field} {date:yyyy-MM-dd}; record its expiry, or request a new agreement.")
            : null;

    /// <summary>
    /// One change waits for its date at a time: while a suspension or termination recorded ahead of its date is
    /// pending, <paramref name="action"/> is refused (<paramref name="instead"/> says what may be done meanwhile).
    /// </summary>
    public static ProblemDetails? NothingPending(Agreement agreement, string action, string? instead = null) =>
        agreement.Pending is { } pending
            ? Problems.Conflict(
                "Change pending",
                $"Cannot {action} agreement {agreement.Id}: its {(pending.Change == AgreementStatus.Suspended ? "suspension" : "termination")} effective {pending.EffectiveOn:yyyy-MM-dd} "
                + $"was recorded ahead of its date and takes effect then; one change waits for its date at a time{instead}.")
            : null;

    /// <summary>
    /// A change recorded ahead of its date takes effect before the MOA in force expires: from its expiry day the MOA is
    /// out of force anyway, and its expiry is what the record then shows.
    /// </summary>
    public static ProblemDetails? ScheduledBeforeExpiry(DateOnly date, string field, DateOnly today, Agreement agreement) =>
        date > today && agreement.ExpiresOn is { } expiry && date >= expiry
            ? Problems.Conflict(
                "Agreement expires that day",
                $"The MOA in force expires on {expiry:yyyy-MM-dd}, the {field} {date:yyyy-MM-dd}: it is out of force from that day and expires by itself; schedule the change for an earlier day, or renew first.")
            : null;

    public static ProblemDetails? ExpiryAfter(DateOnly? expiresOn, DateOnly signedOn) =>
        expiresOn is { } expiry && expiry <= signedOn
            ? Problems.Conflict("Date out of order", $"expiresOn {expiry:yyyy-MM-dd} must be after the signing {signedOn:yyyy-MM-dd}.")
            : null;

    public static Decision Decide(Func<Decision> accept, params ProblemDetails?[] checks) =>
        checks.FirstOrDefault(problem => problem is not null) is { } problem ? Decision.Reject(problem) : accept();
}
