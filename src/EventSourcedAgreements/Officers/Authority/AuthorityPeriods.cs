using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using JasperFx.Events;

namespace EventSourcedAgreements.Officers.Authority;

/// <summary>One stretch of days an officer held authority under an agreement, as known over one stretch of time.</summary>
public sealed record AuthorityRow(
    Guid OfficerId,
    Guid AgreementId,
    string AgencyId,
    string PersonKey,
    string State,
    SupportModel Model,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    DateTimeOffset KnownFrom,
    DateTimeOffset? KnownTo);

/// <summary>
/// The days an officer held authority, on both axes, from the officer's events: effective from the certification (or a
/// reinstatement, or a restoration with the agreement) until a suspension, revocation, separation or lapse; as known from
/// when each event became known. Officer events come from commands and the service, never from lists, so the stream's
/// order is the order they became known.
/// </summary>
public static class AuthorityPeriods
{
    public static IReadOnlyList<AuthorityRow> Rows(IEnumerable<IEvent> events)
    {
        OfficerNominated? nominated = null;
        var tracker = new Tracker();
        var open = new Dictionary<(DateOnly From, DateOnly? To), DateTimeOffset>();
        var rows = new List<AuthorityRow>();
        foreach (var moment in events.OrderBy(e => e.Version).GroupBy(Knowledge.KnownAt))
        {
            foreach (var e in moment)
            {
                nominated ??= e.Data as OfficerNominated;
                tracker.Apply(e.Data);
            }

            if (nominated is null)
            {
                continue;
            }

            var now = tracker.Periods().ToHashSet();
            foreach (var ended in open.Keys.Where(period => !now.Contains(period)).ToList())
            {
                rows.Add(Row(nominated, ended, open[ended], moment.Key));
                open.Remove(ended);
            }

            foreach (var started in now.Where(period => !open.ContainsKey(period)))
            {
                open[started] = moment.Key;
            }
        }

        rows.AddRange(open.Select(period => Row(nominated!, period.Key, period.Value, knownTo: null)));
        return rows;
    }

    /// <summary>The rows with their stretch of recorded time (<see cref="RecordedAxis.Stretches{TRow}"/>): what a rebuild writes.</summary>
    public static IReadOnlyList<Recorded<AuthorityRow>> RecordedRows(IEnumerable<IEvent> stream)
    {
        var events = stream.OrderBy(e => e.Version).ToList();
        var rows = new RecordedAxis.Stretches<AuthorityRow>();
        foreach (var transaction in events.GroupBy(e => e.Timestamp).OrderBy(t => t.Key))
        {
            rows.Next(transaction.Key, Rows(events.Where(e => e.Timestamp <= transaction.Key)));
        }

        return rows.Rows;
    }

    private static AuthorityRow Row(OfficerNominated officer, (DateOnly From, DateOnly? To) period, DateTimeOffset knownFrom, DateTimeOffset? knownTo) =>
        new(officer.OfficerId, officer.AgreementId, officer.AgencyId, officer.PersonKey, officer.State, officer.Model, period.From, period.To, knownFrom, knownTo);

    /// <summary>The stretches of authority so far: closed ones, and the one open since <c>from</c>.</summary>
    private sealed class Tracker
    {
        private readonly List<(DateOnly From, DateOnly? To)> closed = [];
        private DateOnly? from;

        public void Apply(object @event)
        {
            switch (@event)
            {
                case OfficerCertified e:
                    from = e.CertifiedOn;
                    break;
                case AuthorityReinstated e:
                    from = e.EffectiveOn;
                    break;
                case AuthorityRestoredWithAgreement e:
                    from = e.EffectiveOn;
                    break;
                case AuthoritySuspended e:
                    Close(e.EffectiveOn);
                    break;
                case AuthoritySuspendedForRefresher e:
                    Close(e.EffectiveOn);
                    break;
                case AuthorityRevoked e:
                    End(e.EffectiveOn);
                    break;
                case OfficerSeparated e:
                    End(e.EffectiveOn);
                    break;
                case AuthorityLapsedWithAgreement e:
                    End(e.EffectiveOn);
                    break;
                case OfficerDateCorrected { Field: OfficerDateCorrected.CertifiedOn } e:
                    Move(e.From, e.To);
                    break;
                case OfficerDateCorrected { Field: OfficerDateCorrected.SuspendedOn or OfficerDateCorrected.EndedOn } e:
                    MoveEnd(e.From, e.To);
                    break;
            }
        }

        public IEnumerable<(DateOnly From, DateOnly? To)> Periods() => from is { } start ? closed.Append((start, null)) : closed;

        /// <summary>A stretch ends the day before <paramref name="on"/>; one that ends before it began (a lapse dated before the certification it follows) held no day.</summary>
        private void Close(DateOnly on)
        {
            if (from is { } start && on > start)
            {
                closed.Add((start, on));
            }

            from = null;
        }

        /// <summary>The stretch that began on <paramref name="from"/> (a corrected certification) begins on <paramref name="to"/>.</summary>
        private void Move(DateOnly from, DateOnly to)
        {
            if (this.from == from)
            {
                this.from = to;
            }

            var index = closed.FindIndex(stretch => stretch.From == from);
            if (index >= 0 && closed[index].To is { } end)
            {
                closed.RemoveAt(index);
                if (end > to)
                {
                    closed.Insert(index, (to, end));
                }
            }
        }

        /// <summary>
        /// The stretch that ended on <paramref name="from"/> (a corrected suspension, revocation or separation) ends on
        /// <paramref name="to"/>; one that then ends before it began held no day. An end that closed no stretch (a
        /// revocation while suspended) moves nothing.
        /// </summary>
        private void MoveEnd(DateOnly from, DateOnly to)
        {
            var index = closed.FindLastIndex(stretch => stretch.To == from);
            if (index < 0)
            {
                return;
            }

            var start = closed[index].From;
            closed.RemoveAt(index);
            if (to > start)
            {
                closed.Insert(index, (start, to));
            }
        }

        /// <summary>
        /// No authority from <paramref name="on"/>, whatever the record said of the days after it: a stretch already closed
        /// after that day (a suspension for an overdue refresher dated after the agreement's termination) ends there too.
        /// </summary>
        private void End(DateOnly on)
        {
            Close(on);
            if (closed.Count > 0 && closed[^1] is (var start, { } to) && to > on)
            {
                closed.RemoveAt(closed.Count - 1);
                if (on > start)
                {
                    closed.Add((start, on));
                }
            }
        }
    }
}
