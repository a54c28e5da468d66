using System.Collections.Immutable;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Tests.Properties;

/// <summary>The answer a command gets, by HTTP status class.</summary>
public enum Outcome
{
    Accepted,
    Invalid,
    Forbidden,
    Unknown,
    Refused,
    Unexpected,
}

/// <summary>An MOA: the first signing or a renewal, in force from its signing; amendments and corrections change the MOA in force.</summary>
public sealed record Moa(DateOnly SignedOn, DateOnly? ExpiresOn);

public sealed record Pause(DateOnly From, DateOnly? Until);

/// <summary>A suspension or termination recorded ahead of its date: the status it brings on that date.</summary>
public sealed record Scheduled(AgreementStatus Change, DateOnly EffectiveOn);

/// <summary>
/// One agreement as the reference model sees it, written from docs/architecture.md and docs/participation.md:
/// the fields <c>GET /api/agreements/{id}</c> answers, the event types the history lists, and when it was in force.
/// </summary>
public sealed record ModelAgreement(
    SupportModel Model,
    AgreementStatus Status,
    int Version,
    DateOnly RequestedOn,
    DateOnly? FirstSignedOn,
    DateOnly? SignedOn,
    DateOnly? ExpiresOn,
    DateOnly? SuspendedOn,
    DateOnly? LastReinstatedOn,
    DateOnly? EndedOn,
    ImmutableList<string> History,
    ImmutableList<Moa> Moas,
    ImmutableList<Pause> Pauses,
    DateOnly? InForceUntil,
    ImmutableList<DateOnly> Dates)
{
    public bool IsOpen => Status is AgreementStatus.Requested or AgreementStatus.Active or AgreementStatus.Suspended;

    public bool IsSigned => Status is AgreementStatus.Active or AgreementStatus.Suspended;

    /// <summary>
    /// The change recorded ahead of its date, still waiting: the tests' service runs without deadlines
    /// (<c>Deadlines:Enabled=false</c>), so nothing takes effect by itself there and a pending change stays pending.
    /// </summary>
    public Scheduled? Pending { get; init; }

    /// <summary>The latest of the signing of the MOA in force, the suspension and the last reinstatement.</summary>
    public DateOnly? LatestChange => new[] { SignedOn, SuspendedOn, LastReinstatedOn }.Max();

    private int InForce => Moas.Count - 1;

    public static ModelAgreement Requested(SupportModel model, DateOnly requestedOn) => new(
        model,
        AgreementStatus.Requested,
        1,
        requestedOn,
        FirstSignedOn: null,
        SignedOn: null,
        ExpiresOn: null,
        SuspendedOn: null,
        LastReinstatedOn: null,
        EndedOn: null,
        [nameof(AgreementRequested)],
        [],
        [],
        InForceUntil: null,
        [requestedOn]);

    /// <summary>
    /// The signing date the participants answer shows on <paramref name="day"/>, or null when not in force: that of the
    /// MOA recorded last among those signed by that day (a renewal replaces the MOA before it), unless that MOA has
    /// expired, a suspension covers the day, or the agreement has ended.
    /// </summary>
    public DateOnly? SignedOnInForceOn(DateOnly day)
    {
        if (InForceUntil <= day || Pauses.Any(pause => pause.From <= day && (pause.Until is not { } until || day < until)))
        {
            return null;
        }

        var moa = Moas.LastOrDefault(moa => moa.SignedOn <= day);
        return moa is null || moa.ExpiresOn <= day ? null : moa.SignedOn;
    }

    /// <summary>Every date an accepted command named, and the day before it: where stretches in force start and end.</summary>
    public IEnumerable<DateOnly> Boundaries() => Dates.SelectMany(date => new[] { date.AddDays(-1), date });

    public ModelAgreement? Sign(DateOnly signedOn, DateOnly? expiresOn, DateOnly today) =>
        Status == AgreementStatus.Requested && signedOn >= RequestedOn && signedOn <= today && Follows(expiresOn, signedOn)
            ? Recorded(nameof(AgreementSigned), signedOn, expiresOn) with
            {
                Status = AgreementStatus.Active,
                FirstSignedOn = signedOn,
                SignedOn = signedOn,
                ExpiresOn = expiresOn,
                Moas = [new Moa(signedOn, expiresOn)],
            }
            : null;

    public ModelAgreement? Amend(DateOnly effectiveOn, DateOnly? expiresOn)
    {
        if (!IsSigned || effectiveOn < SignedOn || ExpiresOn < effectiveOn || !Follows(expiresOn, effectiveOn))
        {
            return null;
        }

        var moa = Moas[InForce];
        return Recorded(nameof(AgreementAmended), effectiveOn, expiresOn) with
        {
            ExpiresOn = expiresOn ?? ExpiresOn,
            Moas = Moas.SetItem(InForce, moa with { ExpiresOn = expiresOn ?? moa.ExpiresOn }),
        };
    }

    public ModelAgreement? Renew(DateOnly signedOn, DateOnly? expiresOn, DateOnly today) =>
        IsSigned && signedOn > SignedOn && !(ExpiresOn < signedOn) && signedOn <= today && Follows(expiresOn, signedOn)
            ? Recorded(nameof(AgreementRenewed), signedOn, expiresOn) with
            {
                SignedOn = signedOn,
                ExpiresOn = expiresOn,
                Moas = Moas.Add(new Moa(signedOn, expiresOn)),
            }
            : null;

    /// <summary>Effective after today, a suspension waits for its date with the agreement Active; the participation answers count it at once.</summary>
    public ModelAgreement? Suspend(DateOnly effectiveOn, DateOnly today)
    {
        if (Status != AgreementStatus.Active || Pending is not null || !InEffectAfterLatestChange(effectiveOn) || !ScheduledBeforeExpiry(effectiveOn, today))
        {
            return null;
        }

        var recorded = Recorded(nameof(AgreementSuspended), effectiveOn) with { Pauses = Pauses.Add(new Pause(effectiveOn, null)) };
        return effectiveOn > today
            ? recorded with { Pending = new Scheduled(AgreementStatus.Suspended, effectiveOn) }
            : recorded with { Status = AgreementStatus.Suspended, SuspendedOn = effectiveOn };
    }

    public ModelAgreement? Reinstate(DateOnly effectiveOn) =>
        Status == AgreementStatus.Suspended && Pending is null && InEffectAfterLatestChange(effectiveOn)
            ? Recorded(nameof(AgreementReinstated), effectiveOn) with
            {
                Status = AgreementStatus.Active,
                SuspendedOn = null,
                LastReinstatedOn = effectiveOn,
                Pauses = Pauses.SetItem(Pauses.Count - 1, Pauses[^1] with { Until = effectiveOn }),
            }
            : null;

    /// <summary>Effective after today, a termination waits for its date with the agreement open; one in effect by today overtakes a pending suspension.</summary>
    public ModelAgreement? Terminate(DateOnly effectiveOn, DateOnly today)
    {
        var overtakes = Pending is { Change: AgreementStatus.Suspended } && effectiveOn <= today;
        if (!IsSigned || (Pending is not null && !overtakes) || !InEffectAfterLatestChange(effectiveOn) || !ScheduledBeforeExpiry(effectiveOn, today))
        {
            return null;
        }

        return effectiveOn > today
            ? Recorded(nameof(AgreementTerminated), effectiveOn) with { Pending = new Scheduled(AgreementStatus.Terminated, effectiveOn), InForceUntil = effectiveOn }
            : Ended(nameof(AgreementTerminated), AgreementStatus.Terminated, effectiveOn) with { InForceUntil = effectiveOn };
    }

    public ModelAgreement? Expire(DateOnly today) =>
        IsSigned && ExpiresOn is { } expiry && expiry <= today
            ? Ended(nameof(AgreementExpired), AgreementStatus.Expired, expiry) with { InForceUntil = expiry }
            : null;

    public ModelAgreement? Withdraw(DateOnly today) =>
        Status == AgreementStatus.Requested ? Ended(nameof(RequestWithdrawn), AgreementStatus.Withdrawn, today) : null;

    public ModelAgreement? Reject(DateOnly today) =>
        Status == AgreementStatus.Requested ? Ended(nameof(RequestRejected), AgreementStatus.Rejected, today) : null;

    public ModelAgreement? CorrectSigning(DateOnly value, DateOnly today)
    {
        if (SignedOn is not { } wrong || value == wrong || value < RequestedOn || value > today || !Follows(ExpiresOn, value) || NotAfterRenewedMoa(value))
        {
            return null;
        }

        return Recorded(nameof(SigningDateCorrected), value) with
        {
            SignedOn = value,
            FirstSignedOn = InForce == 0 ? value : FirstSignedOn,
            Moas = Moas.SetItem(InForce, Moas[InForce] with { SignedOn = value }),
        };
    }

    public ModelAgreement? CorrectExpiry(DateOnly value) =>
        SignedOn is { } signedOn && value != ExpiresOn && value > signedOn
            ? Recorded(nameof(ExpiryCorrected), value) with
            {
                ExpiresOn = value,
                Moas = Moas.SetItem(InForce, Moas[InForce] with { ExpiresOn = value }),
            }
            : null;

    private static bool Follows(DateOnly? expiresOn, DateOnly start) => expiresOn is not { } expiry || expiry > start;

    /// <summary>Whether the MOA in force is a renewal that would then be signed no later than the MOA it renewed.</summary>
    private bool NotAfterRenewedMoa(DateOnly signedOn) => InForce > 0 && signedOn <= Moas[InForce - 1].SignedOn;

    private bool InEffectAfterLatestChange(DateOnly effectiveOn) => effectiveOn >= LatestChange && !(ExpiresOn < effectiveOn);

    /// <summary>A change recorded ahead of its date is for a day before the MOA expires (from that day the expiry ends it anyway).</summary>
    private bool ScheduledBeforeExpiry(DateOnly effectiveOn, DateOnly today) => effectiveOn <= today || !(ExpiresOn <= effectiveOn);

    private ModelAgreement Recorded(string eventType, params DateOnly?[] dates) => this with
    {
        Version = Version + 1,
        History = History.Add(eventType),
        Dates = Dates.AddRange(dates.OfType<DateOnly>()),
    };

    private ModelAgreement Ended(string eventType, AgreementStatus status, DateOnly endedOn) =>
        Recorded(eventType, endedOn) with { Status = status, EndedOn = endedOn, Pending = null };
}

/// <summary>The agreements of one agency, in the order they were requested, and how a command changes them.</summary>
public sealed record ReferenceModel(ImmutableList<ModelAgreement> Agreements)
{
    public static readonly ReferenceModel Empty = new([]);

    public (Outcome Outcome, ReferenceModel Next) Decide(SentCommand command, DateOnly today)
    {
        if (command.Kind == CommandKind.Request)
        {
            var requestedOn = command.Date ?? today;
            return requestedOn > today || Agreements.Any(agreement => agreement.Model == command.Model && agreement.IsOpen)
                ? (Outcome.Refused, this)
                : (Outcome.Accepted, this with { Agreements = Agreements.Add(ModelAgreement.Requested(command.Model, requestedOn)) });
        }

        if (command.Target is not int index)
        {
            return (Outcome.Unknown, this);
        }

        if (command.ExpectedVersion < 1 || command.MoaUrl is { } url && !url.StartsWith("https://", StringComparison.Ordinal))
        {
            return (Outcome.Invalid, this);
        }

        if (!MayAct(command))
        {
            return (Outcome.Forbidden, this);
        }

        var agreement = Agreements[index];
        var next = Transition(agreement, command, today);
        return next is null || (command.ExpectedVersion is { } expected && expected != agreement.Version) || InForceWithAnother(next, index)
            ? (Outcome.Refused, this)
            : (Outcome.Accepted, this with { Agreements = Agreements.SetItem(index, next) });
    }

    /// <summary>One agreement per agency and model is in force on any day: a change that would put another in force on one of its days is refused.</summary>
    private bool InForceWithAnother(ModelAgreement next, int index) =>
        Agreements
            .Where((other, i) => i != index && other.Model == next.Model)
            .Any(other => next.Boundaries().Concat(other.Boundaries()).Any(day => next.SignedOnInForceOn(day) is not null && other.SignedOnInForceOn(day) is not null));

    private static bool MayAct(SentCommand command) => command.Actor switch
    {
        Actor.Officer => true,
        Actor.OwnAgency => command.Kind != CommandKind.Terminate || command.InitiatedBy == TerminationInitiator.Agency,
        _ => false,
    };

    private static ModelAgreement? Transition(ModelAgreement agreement, SentCommand command, DateOnly today)
    {
        var date = command.Date.GetValueOrDefault();
        return command.Kind switch
        {
            CommandKind.Sign => agreement.Sign(date, command.ExpiresOn, today),
            CommandKind.Amend => agreement.Amend(date, command.ExpiresOn),
            CommandKind.Renew => agreement.Renew(date, command.ExpiresOn, today),
            CommandKind.Suspend => agreement.Suspend(date, today),
            CommandKind.Reinstate => agreement.Reinstate(date),
            CommandKind.Terminate => agreement.Terminate(date, today),
            CommandKind.Expire => agreement.Expire(today),
            CommandKind.Withdraw => agreement.Withdraw(today),
            CommandKind.Reject => agreement.Reject(today),
            CommandKind.CorrectSigning => agreement.CorrectSigning(date, today),
            CommandKind.CorrectExpiry => agreement.CorrectExpiry(date),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, null),
        };
    }
}
