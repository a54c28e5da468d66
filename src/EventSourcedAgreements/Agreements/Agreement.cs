using System.Text.Json.Serialization;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Participation;
using JasperFx.Events;

namespace EventSourcedAgreements.Agreements;

public sealed record AgreementRequested(
    Guid AgreementId,
    string AgencyId,
    string State,
    string AgencyName,
    AgencyType? AgencyType,
    string? County,
    SupportModel Model,
    DateOnly RequestedOn) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => RequestedOn;
}

public sealed record AgreementSigned(DateOnly SignedOn, string? MoaUrl, DateOnly? ExpiresOn, bool MoaPosted = false) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => SignedOn;
}

public sealed record AgreementAmended(DateOnly EffectiveOn, string Summary, string? MoaUrl, DateOnly? ExpiresOn) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => EffectiveOn;

    string? IAgreementEvent.Reason => Summary;
}

public sealed record AgreementRenewed(DateOnly SignedOn, string? MoaUrl, DateOnly? ExpiresOn, DateOnly ReplacedMoaSignedOn, bool MoaPosted = false) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => SignedOn;
}

/// <summary>
/// A suspension; <c>Scheduled</c> when recorded ahead of its date (after the day it was recorded): the status stays
/// until <see cref="ScheduledChangeTookEffect"/> says the date came. Absent (false) on suspensions in effect when
/// recorded, and on every suspension recorded before scheduled changes existed, which replay as they always did.
/// </summary>
public sealed record AgreementSuspended(
    DateOnly EffectiveOn,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Scheduled = false) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => EffectiveOn;
}

public sealed record AgreementReinstated(DateOnly EffectiveOn) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => EffectiveOn;
}

/// <summary>A termination; <c>Scheduled</c> as for <see cref="AgreementSuspended"/>: recorded ahead of its date, the agreement stays open until then.</summary>
public sealed record AgreementTerminated(
    DateOnly EffectiveOn,
    TerminationInitiator InitiatedBy,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Scheduled = false) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => EffectiveOn;
}

/// <summary>
/// The suspension or termination recorded ahead of its date (<see cref="Change"/>: the status it brings) took effect:
/// its date came by the service's clock. Appended by the service, never by a command.
/// </summary>
public sealed record ScheduledChangeTookEffect(DateOnly EffectiveOn, AgreementStatus Change) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => EffectiveOn;
}

public sealed record AgreementExpired(DateOnly EffectiveOn) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => EffectiveOn;
}

/// <summary>
/// A published list no longer shows the agreement; the list does not say when or why it ended. <c>Request</c>: a
/// pending list no longer shows the request, which says nothing of an agreement signed meanwhile (absent, false, on
/// delistings recorded before it existed, which replay as they always did). <c>SucceededBy</c>: not a list's omission
/// but what an import found the record already knew: another agreement of the agency and model, recorded by a command
/// after the lists that showed this one, in force from <c>FirstMissingOn</c>; this one had ended by then (known from
/// when that agreement's days in force were recorded: one agreement per agency and model is in force on any day).
/// </summary>
public sealed record AgreementDelisted(
    DateOnly LastSeenOn,
    DateOnly FirstMissingOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Request = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Guid? SucceededBy = null) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => FirstMissingOn;
}

/// <summary>The signing date of the MOA in force was recorded wrong (a list printed another, or an officer corrected it); the original event stays.</summary>
public sealed record SigningDateCorrected(DateOnly CorrectedOn, DateOnly From, DateOnly To, string? Reason = null) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => CorrectedOn;
}

/// <summary>
/// A list printed <see cref="SignedOn"/> as the signing date of the MOA in force, and the evidence does not support it
/// (<see cref="Reason"/>: a date before the program, after the list, when the model did not exist, or one the MOA file
/// contradicts, with nothing to tell which is right). The date stands, marked disputed, until a source moves it.
/// </summary>
public sealed record SigningDateDisputed(DateOnly SignedOn, string Reason) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => SignedOn;
}

/// <summary>The signing date a list printed and the evidence does not support (<see cref="SigningDateDisputed"/>): it marks the MOA signed on <see cref="SignedOn"/> only.</summary>
public sealed record SigningDispute(DateOnly SignedOn, string Reason);

/// <summary>The expiry date of the MOA in force was recorded wrong; the original event stays.</summary>
public sealed record ExpiryCorrected(DateOnly CorrectedOn, DateOnly? From, DateOnly To, string Reason) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => CorrectedOn;
}

/// <summary>A publication shows another link for the MOA in force (or posts it for the first time).</summary>
public sealed record MoaLinkChanged(DateOnly ChangedOn, string? MoaUrl, bool MoaPosted) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => ChangedOn;
}

/// <summary>
/// The service reminded that the MOA in force expires on <see cref="ExpiresOn"/>, within <see cref="WithinDays"/> days
/// of <see cref="IssuedOn"/>: a notification, no change to the agreement's lifecycle.
/// </summary>
public sealed record ExpiryReminderIssued(DateOnly ExpiresOn, int WithinDays, DateOnly IssuedOn) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => IssuedOn;
}

/// <summary>The reminder windows already issued for one expiry date.</summary>
public sealed record ExpiryReminders(DateOnly ExpiresOn, IReadOnlyList<int> WithinDays)
{
    public bool Equals(ExpiryReminders? other) => other is not null && ExpiresOn == other.ExpiresOn && WithinDays.SequenceEqual(other.WithinDays);

    public override int GetHashCode() => HashCode.Combine(ExpiresOn, WithinDays.Count);
}

public sealed record RequestWithdrawn(DateOnly WithdrawnOn, string? Reason) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => WithdrawnOn;
}

public sealed record RequestRejected(DateOnly RejectedOn, string Reason) : IAgreementEvent
{
    DateOnly IAgreementEvent.BusinessDate => RejectedOn;
}

public enum AgreementStatus
{
    Requested,
    Active,
    Suspended,
    Terminated,
    Expired,
    Withdrawn,
    Rejected,
    Delisted,
}

/// <summary>A suspension or termination recorded ahead of its date, waiting for it: <see cref="Change"/> is the status it brings.</summary>
public sealed record PendingChange(AgreementStatus Change, DateOnly EffectiveOn, string Reason);

public enum TerminationInitiator
{
    ICE,
    Agency,
}

public sealed record Agreement(
    Guid Id,
    int Version,
    string AgencyId,
    string State,
    string AgencyName,
    AgencyType? AgencyType,
    string? County,
    SupportModel Model,
    AgreementStatus Status,
    DateOnly RequestedOn,
    DateOnly? FirstSignedOn,
    DateOnly? SignedOn,
    string? MoaUrl,
    bool MoaPosted,
    DateOnly? ExpiresOn,
    DateOnly? SuspendedOn,
    DateOnly? LastReinstatedOn,
    DateOnly? EndedOn,
    string? EndReason)
{
    public static readonly AgreementStatus[] OpenStatuses = [AgreementStatus.Requested, AgreementStatus.Active, AgreementStatus.Suspended];

    /// <summary>In force: signed and not ended (a suspended agreement is still in force; its MOA holds).</summary>
    public static readonly AgreementStatus[] InForceStatuses = [AgreementStatus.Active, AgreementStatus.Suspended];

    /// <summary>Whether it is in force (<see cref="InForceStatuses"/>); derived: not stored, not sent.</summary>
    [JsonIgnore]
    public bool IsInForce => InForceStatuses.Contains(Status);

    /// <summary>The signing date of the MOA that the MOA in force renewed; null when the MOA in force is the first.</summary>
    public DateOnly? ReplacedMoaSignedOn { get; init; }

    /// <summary>A suspension or termination recorded ahead of its date, which has not taken effect yet; null when none waits.</summary>
    public PendingChange? Pending { get; init; }
    /// <summary>The latest disputed signing date a list printed; it is about the MOA in force only while <see cref="SignedOn"/> is that date (<see cref="DisputedSigning"/>).</summary>
    public SigningDispute? SigningDispute { get; init; }

    /// <summary>Why the signing date of the MOA in force is disputed; null when it is not (derived: not stored, not sent).</summary>
    [JsonIgnore]
    public string? DisputedSigning => SigningDispute is { } dispute && dispute.SignedOn == SignedOn ? dispute.Reason : null;

    /// <summary>The expiry reminders issued, for the expiry date they were about; those of an earlier date no longer count.</summary>
    public ExpiryReminders? ExpiryReminders { get; init; }

    public bool Reminded(int withinDays) =>
        ExpiryReminders is { } reminders && reminders.ExpiresOn == ExpiresOn && reminders.WithinDays.Contains(withinDays);

    /// <summary>
    /// Whether the first request the record knows of it came from a command, not from a list. The database holds these
    /// to one open agreement per agency and model (two requests sent at once); a list imported late may show an
    /// agreement beside one a command opened after the list's date, which the import reports instead of refusing.
    /// </summary>
    public bool RequestedByCommand { get; init; }

    /// <summary>The latest knowledge time folded in: an event known earlier is late, and the agreement is folded again from its stream.</summary>
    public DateTimeOffset KnownThrough { get; init; }

    /// <summary>
    /// The agreement after <paramref name="event"/>. A list's events restate what the list showed
    /// (<paramref name="restated"/>): the MOA in force and its signing date, read against what the record holds when it
    /// folds them, since a list imported late may slip them in before what was learned after it. What a later source
    /// says overrides what an earlier one implied: a delisting no longer holds once a later source shows the agreement
    /// alive (<see cref="Relists"/>).
    /// </summary>
    public Agreement Next(object @event, bool restated = false)
    {
        var current = Status == AgreementStatus.Delisted && Relists(@event, restated, EndedOn) ? Relisted() : this;
        return (restated ? current.Restate(@event) : current.When(@event)) with { Version = Version + 1 };
    }

    /// <summary>
    /// Whether a later source showing <paramref name="event"/> means the agreement was not ended by an earlier list's
    /// omission (first missing on <paramref name="delistedOn"/>). A list showing an MOA signed on or after that day does
    /// not: in date order that row is a new agreement, and a list imported late planning the lists after it makes it one.
    /// </summary>
    public static bool Relists(object @event, bool restated, DateOnly? delistedOn) => restated
        ? @event switch
        {
            AgreementSigned e => !(e.SignedOn >= delistedOn),
            AgreementRenewed e => !(e.SignedOn >= delistedOn),
            SigningDateCorrected or MoaLinkChanged => true,
            _ => false,
        }
        : @event is not (AgreementRequested or AgreementDelisted or ExpiryReminderIssued);

    /// <summary>
    /// A printed signing date that moved to <paramref name="now"/> from <paramref name="printed"/> is the same MOA with its
    /// date corrected, not a new MOA, when it is earlier, within <see cref="CorrectionDays"/>, or the same day of the year one
    /// year on (a mistyped year, as one Florida WSO in 2025).
    /// </summary>
    public static bool IsCorrection(DateOnly printed, DateOnly now) =>
        now < printed
        || now.DayNumber - printed.DayNumber <= CorrectionDays
        || (now.Year == printed.Year + 1 && now.Month == printed.Month && now.Day == printed.Day);

    public const int CorrectionDays = 60;

    private Agreement When(object @event) => @event switch
    {
        AgreementRequested => this,
        AgreementSigned e => When(e),
        AgreementAmended e => When(e),
        AgreementRenewed e => When(e),
        AgreementSuspended e => When(e),
        AgreementReinstated e => When(e),
        AgreementTerminated e => When(e),
        AgreementExpired e => When(e),
        RequestWithdrawn e => When(e),
        RequestRejected e => When(e),
        AgreementDelisted e => When(e),
        SigningDateCorrected e => When(e),
        MoaLinkChanged e => When(e),
        ExpiryCorrected e => When(e),
        ScheduledChangeTookEffect e => When(e),
        ExpiryReminderIssued e => When(e),
        SigningDateDisputed e => When(e),
        _ => throw new ArgumentException($"{@event.GetType().Name} does not apply to an existing agreement.", nameof(@event)),
    };

    /// <summary>What a list showed, read against the agreement as the record holds it: the MOA in force is the one it printed.</summary>
    private Agreement Restate(object @event) => (@event, SignedOn) switch
    {
        (AgreementSigned e, { } signedOn) when IsInForce => Restated(signedOn, e.SignedOn, (e.MoaUrl, e.MoaPosted || e.MoaUrl is not null)),
        (AgreementRenewed e, { } signedOn) when IsInForce => Restated(signedOn, e.SignedOn, (e.MoaUrl, e.MoaPosted || e.MoaUrl is not null)),
        (SigningDateCorrected e, { } signedOn) when IsInForce => Restated(signedOn, e.To, link: null),
        (AgreementDelisted { SucceededBy: not null }, _) => When(@event),
        (AgreementSigned or AgreementRenewed or SigningDateCorrected, _) when Status != AgreementStatus.Requested => this,
        (AgreementDelisted { Request: true }, _) when Status != AgreementStatus.Requested => this,
        (AgreementDelisted, _) when !IsInForce && Status != AgreementStatus.Requested => this,
        _ => When(@event),
    };

    private Agreement Restated(DateOnly current, DateOnly printed, (string? Url, bool Posted)? link)
    {
        if (printed != current && !IsCorrection(current, printed) && (link?.Url is null || link.Value.Url != MoaUrl))
        {
            return this with
            {
                ReplacedMoaSignedOn = current,
                SignedOn = printed,
                MoaUrl = link is { } moa ? moa.Url : MoaUrl,
                MoaPosted = link?.Posted ?? MoaPosted,
                ExpiresOn = null,
            };
        }

        var linked = link is { } shown ? this with { MoaUrl = shown.Url ?? (shown.Posted ? MoaUrl : null), MoaPosted = shown.Posted } : this;
        return printed == current ? linked : linked with { SignedOn = printed, FirstSignedOn = FirstSignedOn == current ? printed : FirstSignedOn };
    }

    private Agreement Relisted() => this with
    {
        Status = SuspendedOn is null ? AgreementStatus.Active : AgreementStatus.Suspended,
        EndedOn = null,
        EndReason = null,
    };

    /// <summary>An agreement's events folded in the order the record learned them (<see cref="Knowledge.InKnowledgeOrder"/>); null before its request is known.</summary>
    public static Agreement? Fold(IEnumerable<IEvent> events) => events.InKnowledgeOrder().Aggregate((Agreement?)null, Next);

    public static Agreement? Next(Agreement? agreement, IEvent e) => (agreement, e.Data) switch
    {
        (null, AgreementRequested requested) => Start(requested) with { KnownThrough = Knowledge.KnownAt(e), RequestedByCommand = !Knowledge.FromList(e) },
        (null, _) => null,
        _ => agreement.Next(e.Data, Knowledge.FromList(e)) with
        {
            KnownThrough = Knowledge.KnownAt(e) > agreement.KnownThrough ? Knowledge.KnownAt(e) : agreement.KnownThrough,
        },
    };

    public static Agreement Start(AgreementRequested requested) => new(
        requested.AgreementId,
        1,
        requested.AgencyId,
        requested.State,
        requested.AgencyName,
        requested.AgencyType,
        requested.County,
        requested.Model,
        AgreementStatus.Requested,
        requested.RequestedOn,
        FirstSignedOn: null,
        SignedOn: null,
        MoaUrl: null,
        MoaPosted: false,
        ExpiresOn: null,
        SuspendedOn: null,
        LastReinstatedOn: null,
        EndedOn: null,
        EndReason: null);

    private Agreement When(AgreementSigned signing) => this with
    {
        Status = AgreementStatus.Active,
        FirstSignedOn = signing.SignedOn,
        SignedOn = signing.SignedOn,
        MoaUrl = signing.MoaUrl,
        MoaPosted = signing.MoaPosted || signing.MoaUrl is not null,
        ExpiresOn = signing.ExpiresOn,
    };

    private Agreement When(AgreementAmended amended) => this with
    {
        MoaUrl = amended.MoaUrl ?? MoaUrl,
        MoaPosted = MoaPosted || amended.MoaUrl is not null,
        ExpiresOn = amended.ExpiresOn ?? ExpiresOn,
    };

    private Agreement When(AgreementRenewed renewed) => this with
    {
        ReplacedMoaSignedOn = SignedOn ?? renewed.ReplacedMoaSignedOn,
        SignedOn = renewed.SignedOn,
        MoaUrl = renewed.MoaUrl,
        MoaPosted = renewed.MoaPosted || renewed.MoaUrl is not null,
        ExpiresOn = renewed.ExpiresOn,
    };

    private Agreement When(AgreementSuspended suspended) => suspended.Scheduled
        ? this with { Pending = new PendingChange(AgreementStatus.Suspended, suspended.EffectiveOn, suspended.Reason) }
        : Suspended(suspended.EffectiveOn);

    private Agreement When(AgreementReinstated reinstated) => this with
    {
        Status = AgreementStatus.Active,
        SuspendedOn = null,
        LastReinstatedOn = reinstated.EffectiveOn,
    };

    private Agreement When(AgreementTerminated terminated) => terminated.Scheduled
        ? this with { Pending = new PendingChange(AgreementStatus.Terminated, terminated.EffectiveOn, terminated.Reason) }
        : Ended(AgreementStatus.Terminated, terminated.EffectiveOn, terminated.Reason);

    /// <summary>The pending change takes effect; an event naming another change than the one waiting changes nothing (the service appends none such).</summary>
    private Agreement When(ScheduledChangeTookEffect tookEffect) =>
        Pending is not { } pending || pending.EffectiveOn != tookEffect.EffectiveOn || pending.Change != tookEffect.Change ? this
        : pending.Change == AgreementStatus.Suspended ? Suspended(pending.EffectiveOn) with { Pending = null }
        : Ended(AgreementStatus.Terminated, pending.EffectiveOn, pending.Reason);

    private Agreement When(AgreementExpired expired) => Ended(AgreementStatus.Expired, expired.EffectiveOn, reason: null);

    private Agreement When(RequestWithdrawn withdrawn) => Ended(AgreementStatus.Withdrawn, withdrawn.WithdrawnOn, withdrawn.Reason);

    private Agreement When(RequestRejected rejected) => Ended(AgreementStatus.Rejected, rejected.RejectedOn, rejected.Reason);

    private Agreement When(AgreementDelisted delisted) => delisted.SucceededBy switch
    {
        null => Ended(AgreementStatus.Delisted, delisted.FirstMissingOn, $"No longer on the list published {delisted.FirstMissingOn:yyyy-MM-dd}; last seen on the list of {delisted.LastSeenOn:yyyy-MM-dd}."),
        _ when EndedOn <= delisted.FirstMissingOn && !OpenStatuses.Contains(Status) => this,
        { } successor => Ended(
            AgreementStatus.Delisted,
            delisted.FirstMissingOn,
            $"Ended by {delisted.FirstMissingOn:yyyy-MM-dd}, when agreement {successor} of the same agency and support model was in force, as recorded after the lists that showed this one; last seen on the list of {delisted.LastSeenOn:yyyy-MM-dd}."),
    };

    private Agreement When(SigningDateCorrected corrected) => this with
    {
        SignedOn = SignedOn == corrected.From ? corrected.To : SignedOn,
        FirstSignedOn = FirstSignedOn == corrected.From ? corrected.To : FirstSignedOn,
    };

    private Agreement When(ExpiryCorrected corrected) => this with { ExpiresOn = corrected.To };

    private Agreement When(SigningDateDisputed disputed) => this with { SigningDispute = new SigningDispute(disputed.SignedOn, disputed.Reason) };

    private Agreement When(MoaLinkChanged changed) => this with { MoaUrl = changed.MoaUrl, MoaPosted = changed.MoaPosted };

    private Agreement When(ExpiryReminderIssued reminder) => this with
    {
        ExpiryReminders = ExpiryReminders?.ExpiresOn == reminder.ExpiresOn
            ? ExpiryReminders with { WithinDays = [.. ExpiryReminders.WithinDays, reminder.WithinDays] }
            : new ExpiryReminders(reminder.ExpiresOn, [reminder.WithinDays]),
    };

    private Agreement Suspended(DateOnly on) => this with
    {
        Status = AgreementStatus.Suspended,
        SuspendedOn = on,
    };

    /// <summary>An end leaves nothing waiting: a change still pending then never takes effect.</summary>
    private Agreement Ended(AgreementStatus status, DateOnly on, string? reason) => this with
    {
        Status = status,
        EndedOn = on,
        EndReason = reason,
        Pending = null,
    };
}
