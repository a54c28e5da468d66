using System.Text.Json.Serialization;
using EventSourcedAgreements.Agencies;

namespace EventSourcedAgreements.Agreements;

public sealed record AgreementRequested(
    Guid AgreementId,
    string AgencyId,
    string State,
    string AgencyName,
    AgencyType? AgencyType,
    string? County,
    SupportModel Model,
    DateOnly RequestedOn);

public sealed record AgreementSigned(DateOnly SignedOn, string? MoaUrl, DateOnly? ExpiresOn, bool MoaPosted = false);

public sealed record AgreementAmended(DateOnly EffectiveOn, string Summary, string? MoaUrl, DateOnly? ExpiresOn);

public sealed record AgreementRenewed(DateOnly SignedOn, string? MoaUrl, DateOnly? ExpiresOn, DateOnly ReplacedMoaSignedOn, bool MoaPosted = false);

/// <summary>
/// A suspension; <c>Scheduled</c> when recorded ahead of its date (after the day it was recorded): the status stays
/// until <see cref="ScheduledChangeTookEffect"/> says the date came. Absent (false) on suspensions in effect when
/// recorded, and on every suspension recorded before scheduled changes existed, which replay as they always did.
/// </summary>
public sealed record AgreementSuspended(
    DateOnly EffectiveOn,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Scheduled = false);

public sealed record AgreementReinstated(DateOnly EffectiveOn);

/// <summary>A termination; <c>Scheduled</c> as for <see cref="AgreementSuspended"/>: recorded ahead of its date, the agreement stays open until then.</summary>
public sealed record AgreementTerminated(
    DateOnly EffectiveOn,
    TerminationInitiator InitiatedBy,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Scheduled = false);

/// <summary>
/// The suspension or termination recorded ahead of its date (<see cref="Change"/>: the status it brings) took effect:
/// its date came by the service's clock. Appended by the service, never by a command.
/// </summary>
public sealed record ScheduledChangeTookEffect(DateOnly EffectiveOn, AgreementStatus Change);

public sealed record AgreementExpired(DateOnly EffectiveOn);

/// <summary>A published list no longer shows the agreement; the list does not say when or why it ended.</summary>
public sealed record AgreementDelisted(DateOnly LastSeenOn, DateOnly FirstMissingOn);

/// <summary>The signing date of the MOA in force was recorded wrong (a list printed another, or an officer corrected it); the original event stays.</summary>
public sealed record SigningDateCorrected(DateOnly CorrectedOn, DateOnly From, DateOnly To, string? Reason = null);

/// <summary>The expiry date of the MOA in force was recorded wrong; the original event stays.</summary>
public sealed record ExpiryCorrected(DateOnly CorrectedOn, DateOnly? From, DateOnly To, string Reason);

/// <summary>A publication shows another link for the MOA in force (or posts it for the first time).</summary>
public sealed record MoaLinkChanged(DateOnly ChangedOn, string? MoaUrl, bool MoaPosted);

/// <summary>
/// The service reminded that the MOA in force expires on <see cref="ExpiresOn"/>, within <see cref="WithinDays"/> days
/// of <see cref="IssuedOn"/>: a notification, no change to the agreement's lifecycle.
/// </summary>
public sealed record ExpiryReminderIssued(DateOnly ExpiresOn, int WithinDays, DateOnly IssuedOn);

/// <summary>The reminder windows already issued for one expiry date.</summary>
public sealed record ExpiryReminders(DateOnly ExpiresOn, IReadOnlyList<int> WithinDays)
{
    public bool Equals(ExpiryReminders? other) => other is not null && ExpiresOn == other.ExpiresOn && WithinDays.SequenceEqual(other.WithinDays);

    public override int GetHashCode() => HashCode.Combine(ExpiresOn, WithinDays.Count);
}

public sealed record RequestWithdrawn(DateOnly WithdrawnOn, string? Reason);

public sealed record RequestRejected(DateOnly RejectedOn, string Reason);

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

    /// <summary>The signing date of the MOA that the MOA in force renewed; null when the MOA in force is the first.</summary>
    public DateOnly? ReplacedMoaSignedOn { get; init; }

    /// <summary>A suspension or termination recorded ahead of its date, which has not taken effect yet; null when none waits.</summary>
    public PendingChange? Pending { get; init; }
    /// <summary>The expiry reminders issued, for the expiry date they were about; those of an earlier date no longer count.</summary>
    public ExpiryReminders? ExpiryReminders { get; init; }

    public bool Reminded(int withinDays) =>
        ExpiryReminders is { } reminders && reminders.ExpiresOn == ExpiresOn && reminders.WithinDays.Contains(withinDays);

    public Agreement Next(object @event) => (@event switch
    {
        AgreementSigned e => Apply(e),
        AgreementAmended e => Apply(e),
        AgreementRenewed e => Apply(e),
        AgreementSuspended e => Apply(e),
        AgreementReinstated e => Apply(e),
        AgreementTerminated e => Apply(e),
        AgreementExpired e => Apply(e),
        RequestWithdrawn e => Apply(e),
        RequestRejected e => Apply(e),
        AgreementDelisted e => Apply(e),
        SigningDateCorrected e => Apply(e),
        MoaLinkChanged e => Apply(e),
        ExpiryCorrected e => Apply(e),
        ScheduledChangeTookEffect e => Apply(e),
        ExpiryReminderIssued e => Apply(e),
        _ => throw new ArgumentException($"{@event.GetType().Name} does not apply to an existing agreement.", nameof(@event)),
    }) with
    {
        Version = Version + 1,
    };

    public static Agreement Create(AgreementRequested requested) => new(
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

    public Agreement Apply(AgreementSigned signing) => this with
    {
        Status = AgreementStatus.Active,
        FirstSignedOn = signing.SignedOn,
        SignedOn = signing.SignedOn,
        MoaUrl = signing.MoaUrl,
        MoaPosted = signing.MoaPosted || signing.MoaUrl is not null,
        ExpiresOn = signing.ExpiresOn,
    };

    public Agreement Apply(AgreementAmended amended) => this with
    {
        MoaUrl = amended.MoaUrl ?? MoaUrl,
        MoaPosted = MoaPosted || amended.MoaUrl is not null,
        ExpiresOn = amended.ExpiresOn ?? ExpiresOn,
    };

    public Agreement Apply(AgreementRenewed renewed) => this with
    {
        ReplacedMoaSignedOn = renewed.ReplacedMoaSignedOn,
        SignedOn = renewed.SignedOn,
        MoaUrl = renewed.MoaUrl,
        MoaPosted = renewed.MoaPosted || renewed.MoaUrl is not null,
        ExpiresOn = renewed.ExpiresOn,
    };

    public Agreement Apply(AgreementSuspended suspended) => suspended.Scheduled
        ? this with { Pending = new PendingChange(AgreementStatus.Suspended, suspended.EffectiveOn, suspended.Reason) }
        : Suspended(suspended.EffectiveOn);

    public Agreement Apply(AgreementReinstated reinstated) => this with
    {
        Status = AgreementStatus.Active,
        SuspendedOn = null,
        LastReinstatedOn = reinstated.EffectiveOn,
    };

    public Agreement Apply(AgreementTerminated terminated) => terminated.Scheduled
        ? this with { Pending = new PendingChange(AgreementStatus.Terminated, terminated.EffectiveOn, terminated.Reason) }
        : Ended(AgreementStatus.Terminated, terminated.EffectiveOn, terminated.Reason);

    /// <summary>The pending change takes effect; an event naming another change than the one waiting changes nothing (the service appends none such).</summary>
    public Agreement Apply(ScheduledChangeTookEffect tookEffect) =>
        Pending is not { } pending || pending.EffectiveOn != tookEffect.EffectiveOn || pending.Change != tookEffect.Change ? this
        : pending.Change == AgreementStatus.Suspended ? Suspended(pending.EffectiveOn) with { Pending = null }
        : Ended(AgreementStatus.Terminated, pending.EffectiveOn, pending.Reason);

    public Agreement Apply(AgreementExpired expired) => Ended(AgreementStatus.Expired, expired.EffectiveOn, reason: null);

    public Agreement Apply(RequestWithdrawn withdrawn) => Ended(AgreementStatus.Withdrawn, withdrawn.WithdrawnOn, withdrawn.Reason);

    public Agreement Apply(RequestRejected rejected) => Ended(AgreementStatus.Rejected, rejected.RejectedOn, rejected.Reason);

    public Agreement Apply(AgreementDelisted delisted) =>
        Ended(AgreementStatus.Delisted, delisted.FirstMissingOn, $"No longer on the list published {delisted.FirstMissingOn:yyyy-MM-dd}; last seen on the list of {delisted.LastSeenOn:yyyy-MM-dd}.");

    public Agreement Apply(SigningDateCorrected corrected) => this with
    {
        SignedOn = SignedOn == corrected.From ? corrected.To : SignedOn,
        FirstSignedOn = FirstSignedOn == corrected.From ? corrected.To : FirstSignedOn,
    };

    public Agreement Apply(ExpiryCorrected corrected) => this with { ExpiresOn = corrected.To };

    public Agreement Apply(MoaLinkChanged changed) => this with { MoaUrl = changed.MoaUrl, MoaPosted = changed.MoaPosted };

    public Agreement Apply(ExpiryReminderIssued reminder) => this with
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
