using System.Collections.Immutable;
using EventSourcedAgreements.Agreements;
using JasperFx.Events;

namespace EventSourcedAgreements.Participation;

public enum Certainty
{
    Certain,
    Uncertain,
}

/// <summary>One stretch of effective time in which the agreement was in force under one MOA, as known during one stretch of knowledge time.</summary>
public sealed record PeriodRow(
    Guid AgreementId,
    string AgencyId,
    string State,
    string AgencyName,
    SupportModel Model,
    DateOnly SignedOn,
    string? MoaUrl,
    bool MoaPosted,
    Certainty Certainty,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    DateTimeOffset KnownFrom,
    DateTimeOffset? KnownTo)
{
    /// <summary>Why the printed signing date of the MOA in force is disputed (<see cref="SigningDateDisputed"/>); null when it is not.</summary>
    public string? SigningDispute { get; init; }
}

public enum StepKind
{
    Signed,
    Renewed,
    Amended,
    Suspended,
    Reinstated,
    Terminated,
    Expired,
    Delisted,
}

/// <summary>A row as it stood from <see cref="From"/> until <see cref="To"/> (open: still) on the recorded axis.</summary>
public sealed record Recorded<TRow>(TRow Row, DateTimeOffset From, DateTimeOffset? To);

/// <summary>A dated step in one agreement's life, as known during one stretch of knowledge time.</summary>
public sealed record ChangeRow(
    Guid AgreementId,
    string AgencyId,
    string State,
    string AgencyName,
    SupportModel Model,
    StepKind Kind,
    DateOnly On,
    DateOnly? NotBefore,
    DateOnly? SignedOn,
    DateTimeOffset KnownFrom,
    DateTimeOffset? KnownTo);

/// <summary>An MOA in force from <see cref="From"/>: the first signing, a renewal, or an amendment that replaced the document.</summary>
public sealed record MoaVersion(DateOnly From, DateOnly SignedOn, string? MoaUrl, bool MoaPosted, StepKind Cause, DateOnly? ExpiresOn)
{
    /// <summary>Why the printed signing date is disputed (<see cref="SigningDateDisputed"/>); null when it is not, or once the date moved.</summary>
    public string? Dispute { get; init; }
}

public sealed record Suspension(DateOnly From, DateOnly? To);

/// <summary>What the events known so far say about when one agreement was in force.</summary>
public sealed record EffectiveHistory(
    Guid AgreementId,
    string AgencyId,
    string State,
    string AgencyName,
    SupportModel Model,
    ImmutableList<MoaVersion> Versions,
    ImmutableList<Suspension> Suspensions,
    DateOnly? EndsOn,
    DateOnly? LastSeenOn,
    StepKind? EndKind = null,
    ImmutableList<DateOnly>? Amendments = null)
{
    public static EffectiveHistory Start(AgreementRequested requested) => new(
        requested.AgreementId,
        requested.AgencyId,
        requested.State,
        requested.AgencyName,
        requested.Model,
        [],
        [],
        EndsOn: null,
        LastSeenOn: null);

    /// <summary>
    /// The history after <paramref name="event"/>, read as <see cref="Agreement.Next(object, bool)"/> reads it: a list's
    /// events (<paramref name="restated"/>) restate the MOA in force, and a later source showing the agreement alive
    /// lifts an earlier list's delisting.
    /// </summary>
    public EffectiveHistory Apply(object @event, bool restated = false)
    {
        var current = EndKind == StepKind.Delisted && Agreement.Relists(@event, restated, EndsOn)
            ? this with { EndsOn = null, LastSeenOn = null, EndKind = null }
            : this;
        return restated ? current.Restate(@event) : current.Apply(@event);
    }

    private EffectiveHistory Apply(object @event) => @event switch
    {
        AgreementSigned e => this with { Versions = Versions.Add(new MoaVersion(e.SignedOn, e.SignedOn, e.MoaUrl, e.MoaPosted || e.MoaUrl is not null, StepKind.Signed, e.ExpiresOn)) },
        AgreementRenewed e => this with { Versions = Versions.Add(new MoaVersion(e.SignedOn, e.SignedOn, e.MoaUrl, e.MoaPosted || e.MoaUrl is not null, StepKind.Renewed, e.ExpiresOn)) },
        AgreementAmended { MoaUrl: { } url } e when Versions.Count > 0 => this with
        {
            Versions = ExpiringOn(e.ExpiresOn ?? Versions[^1].ExpiresOn).Add(Versions[^1] with { From = e.EffectiveOn, MoaUrl = url, MoaPosted = true, Cause = StepKind.Amended, ExpiresOn = e.ExpiresOn ?? Versions[^1].ExpiresOn }),
            Amendments = (Amendments ?? []).Add(e.EffectiveOn),
        },
        AgreementAmended { ExpiresOn: { } expiry } e when Versions.Count > 0 => this with
        {
            Versions = ExpiringOn(expiry),
            Amendments = (Amendments ?? []).Add(e.EffectiveOn),
        },
        AgreementAmended e => this with { Amendments = (Amendments ?? []).Add(e.EffectiveOn) },
        AgreementSuspended e => this with { Suspensions = Suspensions.Add(new Suspension(e.EffectiveOn, null)) },
        AgreementReinstated e when Suspensions.Count > 0 =>
            this with { Suspensions = Suspensions.SetItem(Suspensions.Count - 1, Suspensions[^1] with { To = e.EffectiveOn }) },
        AgreementTerminated e => this with { EndsOn = e.EffectiveOn, EndKind = StepKind.Terminated },
        AgreementExpired e => this with { EndsOn = e.EffectiveOn, EndKind = StepKind.Expired },
        AgreementDelisted { Request: true } => this,
        AgreementDelisted { SucceededBy: not null } e when Versions.Count > 0 && (EndsOn is null || EndsOn > e.FirstMissingOn) =>
            this with { EndsOn = e.FirstMissingOn, LastSeenOn = LastSeenOn < e.LastSeenOn ? LastSeenOn : e.LastSeenOn, EndKind = StepKind.Delisted },
        AgreementDelisted e when Versions.Count > 0 && EndsOn is null => this with { EndsOn = e.FirstMissingOn, LastSeenOn = e.LastSeenOn, EndKind = StepKind.Delisted },
        SigningDateCorrected e => this with { Versions = [.. Versions.Select(v => Corrected(v, e.From, e.To))] },
        ExpiryCorrected e when Versions.Count > 0 => this with { Versions = ExpiringOn(e.To) },
        MoaLinkChanged e when Versions.Count > 0 => this with { Versions = Versions.SetItem(Versions.Count - 1, Versions[^1] with { MoaUrl = e.MoaUrl, MoaPosted = e.MoaPosted }) },
        SigningDateDisputed e => this with { Versions = [.. Versions.Select(v => v.SignedOn == e.SignedOn ? v with { Dispute = e.Reason } : v)] },

        // Events that change no day in force: the request (the history starts from it) and its withdrawal or rejection, a
        // reminder, a scheduled change taking effect (its date counted when it was recorded), and the guarded cases above
        // that find nothing to change.
        AgreementRequested or RequestWithdrawn or RequestRejected or AgreementReinstated or AgreementDelisted or ExpiryCorrected or MoaLinkChanged
            or ScheduledChangeTookEffect or ExpiryReminderIssued => this,
        IAgreementEvent => throw new ArgumentException($"{@event.GetType().Name} is an agreement event the participation history does not read yet.", nameof(@event)),
        _ => this,
    };

    /// <summary>What a list showed, read against the history as the record holds it (as <see cref="Agreement"/> reads it).</summary>
    private EffectiveHistory Restate(object @event) => @event switch
    {
        AgreementRequested => this,
        AgreementSigned e when Versions.Count > 0 => Restated(e.SignedOn, (e.MoaUrl, e.MoaPosted || e.MoaUrl is not null)),
        AgreementRenewed e when Versions.Count > 0 => Restated(e.SignedOn, (e.MoaUrl, e.MoaPosted || e.MoaUrl is not null)),
        SigningDateCorrected e when Versions.Count > 0 => Restated(e.To, link: null),
        (AgreementSigned or AgreementRenewed or SigningDateCorrected) when EndsOn is not null => this,
        _ => Apply(@event),
    };

    private EffectiveHistory Restated(DateOnly printed, (string? Url, bool Posted)? link)
    {
        if (EndsOn is not null)
        {
            return this;
        }

        var current = Versions[^1];
        if (printed != current.SignedOn && !Agreement.IsCorrection(current.SignedOn, printed) && (link?.Url is null || link.Value.Url != current.MoaUrl))
        {
            return this with { Versions = Versions.Add(new MoaVersion(printed, printed, link is { } moa ? moa.Url : current.MoaUrl, link?.Posted ?? current.MoaPosted, StepKind.Renewed, null)) };
        }

        var corrected = printed == current.SignedOn ? Versions : [.. Versions.Select(v => Corrected(v, current.SignedOn, printed))];
        return link is { } shown
            ? this with { Versions = corrected.SetItem(corrected.Count - 1, corrected[^1] with { MoaUrl = shown.Url ?? (shown.Posted ? corrected[^1].MoaUrl : null), MoaPosted = shown.Posted }) }
            : this with { Versions = corrected };
    }

    /// <summary>
    /// The stretches in force. Each MOA version holds from its date (never before the signing of its MOA) until the
    /// earliest date of the versions recorded after it, its expiry, or the end: on any day one version at most is in
    /// force, the one recorded last among those that started, and a version whose date was corrected to before its
    /// predecessor's leaves the predecessor no stretch of its own.
    /// </summary>
    public IEnumerable<(DateOnly From, DateOnly? To, MoaVersion Moa, Certainty Certainty)> Segments()
    {
        var ordered = Versions;
        for (var i = 0; i < ordered.Count; i++)
        {
            var next = ordered.Skip(i + 1).Select(version => (DateOnly?)Start(version)).Min();
            var to = Earliest(Earliest(next, EndsOn), ordered[i].ExpiresOn);
            foreach (var (from, until) in Subtract(Start(ordered[i]), to, Suspensions))
            {
                foreach (var (piece, pieceTo, certainty) in ByCertainty(from, until))
                {
                    yield return (piece, pieceTo, ordered[i], certainty);
                }
            }
        }
    }

    /// <summary>The dated steps: signing, renewals, amendments, suspensions, reinstatements and the end, in date order.</summary>
    public IEnumerable<(StepKind Kind, DateOnly On, DateOnly? NotBefore, DateOnly? SignedOn)> Changes()
    {
        var steps = new List<(StepKind Kind, DateOnly On, DateOnly? NotBefore, DateOnly? SignedOn)>();
        steps.AddRange(Versions.Where(v => v.Cause != StepKind.Amended).Select(v => (v.Cause, v.From, (DateOnly?)null, (DateOnly?)v.SignedOn)));
        steps.AddRange((Amendments ?? []).Select(on => (StepKind.Amended, on, (DateOnly?)null, (DateOnly?)null)));
        // A suspension dated after the end never took effect (a termination in effect at once overtook it while it waited for its date).
        var suspensions = Suspensions.Where(s => EndsOn is not { } end || s.From <= end).ToList();
        steps.AddRange(suspensions.Select(s => (StepKind.Suspended, s.From, (DateOnly?)null, (DateOnly?)null)));
        steps.AddRange(suspensions.Where(s => s.To is not null).Select(s => (StepKind.Reinstated, s.To!.Value, (DateOnly?)null, (DateOnly?)null)));
        if (Versions.Count > 0 && Versions[^1].ExpiresOn is { } expiry && (EndsOn is null || EndsOn > expiry))
        {
            steps.Add((StepKind.Expired, expiry, null, null));
        }

        if (EndsOn is { } end && EndKind is { } kind)
        {
            steps.Add((kind, end, kind == StepKind.Delisted ? LastSeenOn?.AddDays(1) : null, null));
        }

        return steps.OrderBy(step => step.On).ThenBy(step => step.Kind);
    }

    private static DateOnly Start(MoaVersion version) => version.From > version.SignedOn ? version.From : version.SignedOn;

    /// <summary>An expiry belongs to the MOA in force: its signing or renewal, and the amendments since.</summary>
    private ImmutableList<MoaVersion> ExpiringOn(DateOnly? expiry)
    {
        var signing = Versions.FindLastIndex(version => version.Cause != StepKind.Amended);
        return [.. Versions.Select((version, i) => i >= signing ? version with { ExpiresOn = expiry } : version)];
    }

    private static MoaVersion Corrected(MoaVersion version, DateOnly from, DateOnly to) =>
        version.SignedOn != from
            ? version
            : version with { SignedOn = to, From = version.From == from ? to : version.From, Dispute = null };

    private IEnumerable<(DateOnly From, DateOnly? To, Certainty Certainty)> ByCertainty(DateOnly from, DateOnly? to)
    {
        var uncertainFrom = LastSeenOn?.AddDays(1);
        if (uncertainFrom is null || (to is { } end && end <= uncertainFrom))
        {
            yield return (from, to, Certainty.Certain);
            yield break;
        }

        if (from < uncertainFrom)
        {
            yield return (from, uncertainFrom, Certainty.Certain);
            from = uncertainFrom.Value;
        }

        yield return (from, to, Certainty.Uncertain);
    }

    private static IEnumerable<(DateOnly From, DateOnly? To)> Subtract(DateOnly from, DateOnly? to, IEnumerable<Suspension> suspensions)
    {
        var pieces = new List<(DateOnly From, DateOnly? To)> { (from, to) };
        foreach (var suspension in suspensions)
        {
            pieces = pieces.SelectMany(piece => Without(piece, suspension)).ToList();
        }

        return pieces.Where(piece => piece.To is not { } end || end > piece.From);
    }

    private static IEnumerable<(DateOnly From, DateOnly? To)> Without((DateOnly From, DateOnly? To) piece, Suspension suspension)
    {
        var overlaps = (piece.To is not { } end || suspension.From < end) && (suspension.To is not { } back || back > piece.From);
        if (!overlaps)
        {
            yield return piece;
            yield break;
        }

        if (piece.From < suspension.From)
        {
            yield return (piece.From, suspension.From);
        }

        if (suspension.To is { } resumed && (piece.To is not { } pieceEnd || resumed < pieceEnd))
        {
            yield return (resumed, piece.To);
        }
    }

    private static DateOnly? Earliest(DateOnly? first, DateOnly? second) =>
        (first, second) switch
        {
            (null, _) => second,
            (_, null) => first,
            _ => first < second ? first : second,
        };

    public static IReadOnlyList<PeriodRow> Periods(IEnumerable<IEvent> stream) => Rows(stream).Periods;

    /// <summary>
    /// The rows with their stretch of recorded time, as the projection leaves them: after each transaction that recorded
    /// events of the agreement (its events share a timestamp), the rows of the events recorded so far; a row the next
    /// transaction leaves as it was stays, one it does not repeat ends at that transaction's time.
    /// </summary>
    public static (IReadOnlyList<Recorded<PeriodRow>> Periods, IReadOnlyList<Recorded<ChangeRow>> Changes) RecordedRows(IEnumerable<IEvent> stream)
    {
        var events = stream.OrderBy(e => e.Version).ToList();
        var periods = new RecordedAxis.Stretches<PeriodRow>();
        var changes = new RecordedAxis.Stretches<ChangeRow>();
        foreach (var transaction in events.GroupBy(e => e.Timestamp).OrderBy(t => t.Key))
        {
            var (transactionPeriods, transactionChanges) = Rows(events.Where(e => e.Timestamp <= transaction.Key));
            periods.Next(transaction.Key, transactionPeriods);
            changes.Next(transaction.Key, transactionChanges);
        }

        return (periods.Rows, changes.Rows);
    }

    /// <summary>
    /// Folds the events in knowledge order; after each moment of knowledge, what was in force and what happened, until
    /// the next. A row that the next moment of knowledge leaves as it was is not written again: its stretch of knowledge
    /// is lengthened, so an agreement has a row per version of each fact, not per event times facts.
    /// </summary>
    public static (IReadOnlyList<PeriodRow> Periods, IReadOnlyList<ChangeRow> Changes) Rows(IEnumerable<IEvent> stream)
    {
        var events = stream.InKnowledgeOrder().ToList();
        var periods = new KnowledgeStretches<PeriodRow>(row => row with { KnownFrom = default, KnownTo = null }, (row, to) => row with { KnownTo = to });
        var changes = new KnowledgeStretches<ChangeRow>(row => row with { KnownFrom = default, KnownTo = null }, (row, to) => row with { KnownTo = to });
        EffectiveHistory? history = null;
        for (var i = 0; i < events.Count; i++)
        {
            history = history is null
                ? events[i].Data is AgreementRequested requested ? Start(requested) : null
                : history.Apply(events[i].Data, Knowledge.FromList(events[i]));
            var knownFrom = Knowledge.KnownAt(events[i]);
            DateTimeOffset? knownTo = i + 1 < events.Count ? Knowledge.KnownAt(events[i + 1]) : null;
            if (history is null || knownTo == knownFrom)
            {
                continue;
            }

            periods.Next(knownTo, history.Segments().Select(segment => new PeriodRow(
                history.AgreementId,
                history.AgencyId,
                history.State,
                history.AgencyName,
                history.Model,
                segment.Moa.SignedOn,
                segment.Moa.MoaUrl,
                segment.Moa.MoaPosted,
                segment.Certainty,
                segment.From,
                segment.To,
                knownFrom,
                knownTo)
            { SigningDispute = segment.Moa.Dispute }));
            changes.Next(knownTo, history.Changes().Select(change => new ChangeRow(
                history.AgreementId,
                history.AgencyId,
                history.State,
                history.AgencyName,
                history.Model,
                change.Kind,
                change.On,
                change.NotBefore,
                change.SignedOn,
                knownFrom,
                knownTo)));
        }

        return (periods.Rows, changes.Rows);
    }

    /// <summary>
    /// Rows over successive stretches of knowledge time: a row equal (knowledge aside) to one of the previous stretch,
    /// which ended where this one starts, lengthens that row instead of adding another.
    /// </summary>
    private sealed class KnowledgeStretches<TRow>(Func<TRow, TRow> content, Func<TRow, DateTimeOffset?, TRow> lengthen)
        where TRow : notnull
    {
        private readonly List<TRow> rows = [];
        private Dictionary<TRow, Queue<int>> open = [];

        public IReadOnlyList<TRow> Rows => rows;

        /// <summary>The rows of the stretch of knowledge that ends at <paramref name="knownTo"/> (null: still known).</summary>
        public void Next(DateTimeOffset? knownTo, IEnumerable<TRow> stretch)
        {
            var next = new Dictionary<TRow, Queue<int>>();
            foreach (var row in stretch)
            {
                var key = content(row);
                int index;
                if (open.TryGetValue(key, out var previous) && previous.TryDequeue(out index))
                {
                    rows[index] = lengthen(rows[index], knownTo);
                }
                else
                {
                    index = rows.Count;
                    rows.Add(row);
                }

                (next.TryGetValue(key, out var same) ? same : next[key] = new Queue<int>()).Enqueue(index);
            }

            open = next;
        }
    }
}
