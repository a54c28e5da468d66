using System.Text.Json.Serialization;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Officers;

/// <summary>
/// A state or local officer the agency nominated under one of its agreements. The event holds no name and no badge
/// number: those are personal data, kept apart from the append-only, hash-chained record; <paramref name="PersonKey"/>
/// is a pseudonym of the person within the agency (the same person nominated twice has the same key).
/// </summary>
public sealed record OfficerNominated(
    Guid OfficerId,
    Guid AgreementId,
    string AgencyId,
    string State,
    SupportModel Model,
    DateOnly NominatedOn,
    string PersonKey) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => NominatedOn;
}

/// <summary>ICE's background investigation, citizenship confirmed as part of it: passed or failed.</summary>
public sealed record BackgroundInvestigationCompleted(DateOnly CompletedOn, bool Passed, bool CitizenshipConfirmed) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => CompletedOn;
}

/// <summary>A course completed: a model's basic course (JEM at the ICE Academy, WSO by a certified instructor, TFM), or a refresher.</summary>
public sealed record TrainingCompleted(DateOnly CompletedOn, Course Course, string Location) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => CompletedOn;
}

/// <summary>Certified and authorized by ICE as a designated immigration officer, with the functions of the agreement's model.</summary>
public sealed record OfficerCertified(DateOnly CertifiedOn, SupportModel Functions) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => CertifiedOn;
}

public sealed record AuthoritySuspended(DateOnly EffectiveOn, string Reason) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => EffectiveOn;

    string? IOfficerEvent.Reason => Reason;
}

/// <summary>
/// No refresher since <paramref name="RefreshedOn"/> (the certification or the last refresher) by the day it was overdue:
/// the authority is suspended from <paramref name="EffectiveOn"/>, by the service's deadline, never by a command; a
/// refresher restores it.
/// </summary>
public sealed record AuthoritySuspendedForRefresher(DateOnly EffectiveOn, DateOnly RefreshedOn) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => EffectiveOn;

    string? IOfficerEvent.Reason => $"Refresher training overdue: none recorded since {RefreshedOn:yyyy-MM-dd}.";
}

public sealed record AuthorityReinstated(DateOnly EffectiveOn) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => EffectiveOn;
}

public sealed record AuthorityRevoked(DateOnly EffectiveOn, string Reason) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => EffectiveOn;

    string? IOfficerEvent.Reason => Reason;
}

/// <summary>The officer left the agency: whatever authority the officer held ends.</summary>
public sealed record OfficerSeparated(DateOnly EffectiveOn, string? Reason) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => EffectiveOn;

    string? IOfficerEvent.Reason => Reason;
}

/// <summary>
/// The officer's agreement came to <paramref name="Agreement"/> on <paramref name="EffectiveOn"/>, and the officer's
/// authority with it: suspended with a suspended agreement (restored by its reinstatement), ended with one terminated,
/// expired or delisted. Appended by the service, following the agreement's record, never by a command.
/// </summary>
public sealed record AuthorityLapsedWithAgreement(DateOnly EffectiveOn, AgreementStatus Agreement) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => EffectiveOn;

    string? IOfficerEvent.Reason => $"The agreement was {Agreement.ToString().ToLowerInvariant()}.";
}

/// <summary>The officer's agreement was reinstated: the authority suspended with it holds again. Appended by the service.</summary>
public sealed record AuthorityRestoredWithAgreement(DateOnly EffectiveOn) : IOfficerEvent
{
    DateOnly IOfficerEvent.BusinessDate => EffectiveOn;
}

/// <summary>
/// A date the record held wrongly, put right with a reason on <paramref name="CorrectedOn"/>: <paramref name="Field"/>
/// (<c>nominatedOn</c>, <c>clearedOn</c>, <c>certifiedOn</c>, <c>suspendedOn</c>, <c>endedOn</c>) was <paramref name="From"/>,
/// and is <paramref name="To"/>.
/// The event that recorded it stays; answers as known before the correction keep the old date.
/// </summary>
public sealed record OfficerDateCorrected(DateOnly CorrectedOn, string Field, DateOnly From, DateOnly To, string Reason) : IOfficerEvent
{
    public const string NominatedOn = "nominatedOn";
    public const string ClearedOn = "clearedOn";
    public const string CertifiedOn = "certifiedOn";
    public const string SuspendedOn = "suspendedOn";
    public const string EndedOn = "endedOn";

    public static readonly string[] Fields = [NominatedOn, ClearedOn, CertifiedOn, SuspendedOn, EndedOn];

    DateOnly IOfficerEvent.BusinessDate => CorrectedOn;

    string? IOfficerEvent.Reason => Reason;
}

/// <summary>The courses of the program: one basic course per support model, and the refresher.</summary>
public enum Course
{
    JEM,
    WSO,
    TFM,
    Refresher,
}

public enum OfficerStatus
{
    /// <summary>Nominated; not (yet) certified.</summary>
    Nominated,

    /// <summary>The background investigation failed: the officer cannot be certified under this nomination.</summary>
    Disqualified,

    Authorized,
    Suspended,
    Revoked,
    Separated,

    /// <summary>The authority ended with the agreement (terminated, expired, delisted).</summary>
    Lapsed,
}

public sealed record CompletedCourse(DateOnly CompletedOn, Course Course, string Location);

/// <summary>
/// A designated officer as the record holds it now. Officer events come from commands only (no published list names
/// officers), so the stream's order is the order the record learned them, and the officer folds through Marten's
/// conventions: <see cref="Create"/> from the nomination, one <c>Apply</c> per event, the version kept by Marten.
/// </summary>
public sealed record Officer(
    Guid Id,
    Guid AgreementId,
    string AgencyId,
    string State,
    SupportModel Model,
    string PersonKey,
    OfficerStatus Status,
    DateOnly NominatedOn)
{
    public int Version { get; init; }

    /// <summary>The day the background investigation passed; null while none has.</summary>
    public DateOnly? ClearedOn { get; init; }

    public IReadOnlyList<CompletedCourse> Courses { get; init; } = [];

    public DateOnly? CertifiedOn { get; init; }

    /// <summary>The day of the certification or of the latest refresher since: the next refresher falls due a period after it (<see cref="OfficerSettings"/>).</summary>
    public DateOnly? RefreshedOn { get; init; }

    /// <summary>
    /// The day the current or latest stretch of authority began: the certification, a reinstatement, a restoration with
    /// the agreement. Null before any (and in a snapshot written before the service kept it, until <c>rebuild</c>).
    /// </summary>
    public DateOnly? AuthorizedSince { get; init; }

    public DateOnly? SuspendedOn { get; init; }

    /// <summary>Suspended with the agreement (not by the program office): the agreement's reinstatement restores the authority.</summary>
    public bool SuspendedWithAgreement { get; init; }

    /// <summary>Suspended for an overdue refresher (not by the program office): a refresher restores the authority.</summary>
    public bool SuspendedForRefresher { get; init; }

    /// <summary>The business date of the latest change to the officer's authority (certified, suspended, reinstated): a later change cannot take effect before it.</summary>
    public DateOnly? LastChangeOn { get; init; }

    /// <summary>The first day without authority for good (revoked or separated); null while the officer may still hold it.</summary>
    public DateOnly? EndedOn { get; init; }

    public string? EndReason { get; init; }

    /// <summary>The basic course of <paramref name="model"/> completed: the training certification under it requires.</summary>
    public bool TrainedFor(SupportModel model) => Courses.Any(course => course.Course == BasicCourse(model));

    public static Course BasicCourse(SupportModel model) => model switch
    {
        SupportModel.JEM => Course.JEM,
        SupportModel.WSO => Course.WSO,
        SupportModel.TFM => Course.TFM,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "A support model the program does not have."),
    };

    /// <summary>The officer holds authority now, or may again (suspended): what another record of the same person in the agency may not while it does.</summary>
    [JsonIgnore]
    public bool HoldsAuthority => AuthorityStatuses.Contains(Status);

    /// <summary>Ended for good, by a failed investigation, a revocation or a separation: nothing more happens under this nomination.</summary>
    [JsonIgnore]
    public bool IsClosed => ClosedStatuses.Contains(Status);

    public static readonly OfficerStatus[] ClosedStatuses = [OfficerStatus.Disqualified, OfficerStatus.Revoked, OfficerStatus.Separated, OfficerStatus.Lapsed];

    public static readonly OfficerStatus[] AuthorityStatuses = [OfficerStatus.Authorized, OfficerStatus.Suspended];

    /// <summary>The officer after <paramref name="event"/>, as Marten's fold makes it (one <c>Apply</c> per event), with the version it then has.</summary>
    public Officer Next(object @event)
    {
        var next = @event switch
        {
            BackgroundInvestigationCompleted e => Apply(e),
            TrainingCompleted e => Apply(e),
            OfficerCertified e => Apply(e),
            AuthoritySuspended e => Apply(e),
            AuthoritySuspendedForRefresher e => Apply(e),
            AuthorityReinstated e => Apply(e),
            AuthorityRevoked e => Apply(e),
            OfficerSeparated e => Apply(e),
            AuthorityLapsedWithAgreement e => Apply(e),
            AuthorityRestoredWithAgreement e => Apply(e),
            OfficerDateCorrected e => Apply(e),
            _ => throw new ArgumentException($"{@event.GetType().Name} does not apply to an existing officer.", nameof(@event)),
        };
        return next with { Version = Version + 1 };
    }

    /// <summary>An officer's events folded in stream order (officer events come from commands and the service only); null before the nomination.</summary>
    public static Officer? Fold(IEnumerable<JasperFx.Events.IEvent> events) => events.OrderBy(e => e.Version).Aggregate((Officer?)null, Next);

    /// <summary>The officer after event <paramref name="e"/>: started by the nomination, null before it.</summary>
    public static Officer? Next(Officer? officer, JasperFx.Events.IEvent e) =>
        officer is null ? (e.Data is OfficerNominated nominated ? Create(nominated) : null) : officer.Next(e.Data);

    public static Officer Create(OfficerNominated nominated) =>
        new(nominated.OfficerId, nominated.AgreementId, nominated.AgencyId, nominated.State, nominated.Model, nominated.PersonKey, OfficerStatus.Nominated, nominated.NominatedOn) { Version = 1 };

    public Officer Apply(BackgroundInvestigationCompleted completed) => completed.Passed && completed.CitizenshipConfirmed
        ? this with { ClearedOn = completed.CompletedOn }
        : this with { ClearedOn = null, Status = OfficerStatus.Disqualified };

    public Officer Apply(TrainingCompleted completed) =>
        this with
        {
            Courses = [.. Courses, new CompletedCourse(completed.CompletedOn, completed.Course, completed.Location)],
            RefreshedOn = completed.Course == Course.Refresher && completed.CompletedOn > RefreshedOn ? completed.CompletedOn : RefreshedOn,
        };

    public Officer Apply(OfficerCertified certified) =>
        this with { Status = OfficerStatus.Authorized, CertifiedOn = certified.CertifiedOn, RefreshedOn = certified.CertifiedOn, LastChangeOn = certified.CertifiedOn, AuthorizedSince = certified.CertifiedOn };

    public Officer Apply(AuthoritySuspended suspended) => this with { Status = OfficerStatus.Suspended, SuspendedOn = suspended.EffectiveOn, LastChangeOn = suspended.EffectiveOn };

    public Officer Apply(AuthoritySuspendedForRefresher suspended) =>
        this with { Status = OfficerStatus.Suspended, SuspendedOn = suspended.EffectiveOn, SuspendedForRefresher = true, LastChangeOn = suspended.EffectiveOn };

    public Officer Apply(AuthorityReinstated reinstated) =>
        this with { Status = OfficerStatus.Authorized, SuspendedOn = null, SuspendedWithAgreement = false, SuspendedForRefresher = false, LastChangeOn = reinstated.EffectiveOn, AuthorizedSince = reinstated.EffectiveOn };

    public Officer Apply(AuthorityRevoked revoked) => this with { Status = OfficerStatus.Revoked, EndedOn = revoked.EffectiveOn, EndReason = revoked.Reason };

    public Officer Apply(OfficerSeparated separated) => this with { Status = OfficerStatus.Separated, EndedOn = separated.EffectiveOn, EndReason = separated.Reason };

    public Officer Apply(AuthorityLapsedWithAgreement lapsed) => lapsed.Agreement == AgreementStatus.Suspended
        ? this with { Status = OfficerStatus.Suspended, SuspendedOn = lapsed.EffectiveOn, SuspendedWithAgreement = true, LastChangeOn = lapsed.EffectiveOn }
        : this with { Status = OfficerStatus.Lapsed, SuspendedWithAgreement = false, SuspendedForRefresher = false, EndedOn = lapsed.EffectiveOn, EndReason = ((IOfficerEvent)lapsed).Reason };

    /// <summary>
    /// The date put right; a corrected certification moves what was counted from it (the refresher's due date, the last
    /// change, the stretch of authority) with it, a corrected suspension the last change.
    /// </summary>
    public Officer Apply(OfficerDateCorrected corrected) => corrected.Field switch
    {
        OfficerDateCorrected.NominatedOn => this with { NominatedOn = corrected.To },
        OfficerDateCorrected.ClearedOn => this with { ClearedOn = corrected.To },
        OfficerDateCorrected.CertifiedOn => this with
        {
            CertifiedOn = corrected.To,
            RefreshedOn = RefreshedOn == corrected.From ? corrected.To : RefreshedOn,
            LastChangeOn = LastChangeOn == corrected.From ? corrected.To : LastChangeOn,
            AuthorizedSince = AuthorizedSince == corrected.From ? corrected.To : AuthorizedSince,
        },
        OfficerDateCorrected.SuspendedOn => this with
        {
            SuspendedOn = corrected.To,
            LastChangeOn = LastChangeOn == corrected.From ? corrected.To : LastChangeOn,
        },
        OfficerDateCorrected.EndedOn => this with { EndedOn = corrected.To },
        _ => this,
    };

    public Officer Apply(AuthorityRestoredWithAgreement restored) =>
        this with { Status = OfficerStatus.Authorized, SuspendedOn = null, SuspendedWithAgreement = false, LastChangeOn = restored.EffectiveOn, AuthorizedSince = restored.EffectiveOn };
}
