using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Publications.Reading;
using JasperFx.Events;
using Marten;
using Marten.Events;

namespace EventSourcedAgreements.Publications.Importing;

/// <summary>What meeting a list with the record adds: events per agreement, the list's entries, the later lists matched anew, and the report.</summary>
public sealed record ListMet(
    IReadOnlyList<(Guid AgreementId, IReadOnlyList<IEvent> Events)> Appends,
    IReadOnlyList<PublishedEntry> Entries,
    IReadOnlyList<Publication> Rematched,
    IReadOnlyList<ReportLine> Lines);

/// <summary>
/// The record as a list meets it, whatever the order lists come in: every agreement's events and the lists imported.
/// A list dated P is planned against the agreements as known at P (events known at or before the start of P, folded in
/// knowledge order); then each list dated after it is planned again against the record that now holds it, and what
/// that adds is known at that list's date: exactly what the lists would have made had they come in date order.
/// </summary>
public sealed class ListsOnRecord
{
    private readonly Dictionary<Guid, List<IEvent>> streams;
    private readonly Dictionary<Guid, long> stored;
    private readonly List<Publication> publications;
    private (DateOnly PublishedOn, PublicationKind Kind, IReadOnlyList<PublishedEntry> Entries)? meeting;

    private ListsOnRecord(Dictionary<Guid, List<IEvent>> streams, List<Publication> publications)
    {
        this.streams = streams;
        this.publications = publications;
        stored = streams.ToDictionary(s => s.Key, s => s.Value.Max(e => e.Version));
    }

    public static async Task<ListsOnRecord> LoadAsync(IQuerySession session, IReadOnlyList<Publication> publications, CancellationToken cancellationToken)
    {
        var agreementEvents = AgreementEvents.Types.ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(agreementEvents)).ToListAsync(cancellationToken);
        var streams = events
            .GroupBy(e => e.StreamId)
            .ToDictionary(g => g.Key, g => g.ToList());
        return new ListsOnRecord(streams, [.. publications]);
    }

    /// <summary>The stream's version before this import; null for an agreement the record does not hold yet.</summary>
    public long? Version(Guid agreementId) => stored.TryGetValue(agreementId, out var version) ? version : null;

    public ListMet Meet(PublicationContent content, DateOnly publishedOn, string source, Func<Guid> newId)
    {
        var appends = new Dictionary<Guid, List<IEvent>>();
        var knownOn = KnownOn(content.Kind, publishedOn);
        var plan = Reconciliation.Plan(content, publishedOn, KnownAt(knownOn), LastSeen(content.Kind, publishedOn), row => Continuation(row, content.Kind, knownOn) ?? newId());
        Append(appends, plan.Changes, knownOn, source);
        var learnedLater = LearnedLater(plan.Lines, content, knownOn).ToList();

        var entries = Entries(content.Rows, plan.Lines, []);
        meeting = (publishedOn, content.Kind, entries);

        var lines = plan.Lines.Concat(learnedLater).ToList();
        var rematched = new List<Publication>();
        foreach (var later in InKnowledgeOrder(publications.Where(p => KnownOn(p) > knownOn && p.Entries.All(e => e.Row is not null))).ToList())
        {
            var rows = later.Entries.Select(e => e.Row!).ToList();
            var again = Reconciliation.Plan(new PublicationContent(later.Kind, rows, []), later.PublishedOn, KnownAt(KnownOn(later)), LastSeen(later.Kind, later.PublishedOn), _ => newId());
            Append(appends, again.Changes, KnownOn(later), Knowledge.PublicationSource(later.PublishedOn, later.FileName, later.Sha256));
            lines.AddRange(again.Lines
                .Where(l => again.Changes.Any(c => c.AgreementId == l.AgreementId) && l.Kind is not (ChangeKind.Skipped or ChangeKind.Interpreted or ChangeKind.Conflict or ChangeKind.Unchanged))
                .Select(l => l with { Line = null, Kind = ChangeKind.LearnedLater, Detail = $"The list of {later.PublishedOn:yyyy-MM-dd} (imported before this one) meets it: {l.Kind}, {l.Detail}" }));
            var laterEntries = Entries(rows, again.Lines, later.Entries);
            if (!laterEntries.SequenceEqual(later.Entries))
            {
                var updated = later with { Entries = laterEntries };
                publications[publications.IndexOf(later)] = updated;
                rematched.Add(updated);
            }
        }

        lines.AddRange(EndedBySuccessors(appends, source));
        lines.AddRange(OpenBeside(appends.Keys));
        return new ListMet([.. appends.Select(a => (a.Key, (IReadOnlyList<IEvent>)a.Value))], entries, rematched, lines);
    }

    /// <summary>
    /// Where what the lists show keeps an agreement in force on days that another agreement of its agency and model was
    /// recorded in force, by a command the lists could not know of, the later knowledge stands for its own knowledge
    /// times: from when those days were recorded, the listed agreement had ended by the other's first day in force
    /// (a delisting succeeded by it). Only agreements this import wrote to are looked at; one agreement per agency and
    /// model is in force on any day, at every knowledge time.
    /// </summary>
    private List<ReportLine> EndedBySuccessors(Dictionary<Guid, List<IEvent>> appends, string source)
    {
        var lines = new List<ReportLine>();
        var folded = streams.ToDictionary(s => s.Key, s => Agreement.Fold(s.Value));
        var byPair = folded.Values.OfType<Agreement>().ToLookup(a => (a.AgencyId, a.Model), a => a.Id);
        foreach (var id in appends.Keys.ToList())
        {
            if (folded[id] is not { } listed)
            {
                continue;
            }

            var others = byPair[(listed.AgencyId, listed.Model)].Where(other => other != id).ToList();
            // Each round ends the listed agreement before one successor's first day, as known from a later time: a
            // successor found again means the bound did not take (a guard, never expected), and the projection refuses.
            var bounded = new HashSet<(Guid, DateTimeOffset)>();
            while (Successor(id, others) is { } successor && bounded.Add((successor.Id, successor.KnownFrom)))
            {
                var lastSeen = publications.Select(p => (p.PublishedOn, p.Entries))
                    .Concat(meeting is { } list ? [(list.PublishedOn, list.Entries)] : [])
                    .Where(p => p.PublishedOn < successor.From && p.Entries.Any(e => e.AgreementId == id))
                    .Select(p => (DateOnly?)p.PublishedOn)
                    .Max() ?? successor.From.AddDays(-1);
                Append(appends, [new PlannedChange(id, [new AgreementDelisted(lastSeen, successor.From, SucceededBy: successor.Id)])], successor.KnownFrom, source);
                lines.Add(new ReportLine(
                    null,
                    ChangeKind.LearnedLater,
                    listed.AgencyId,
                    listed.Model,
                    id,
                    $"Agreement {successor.Id} of the same agency and support model was recorded in force from {successor.From:yyyy-MM-dd} (at {successor.KnownFrom:yyyy-MM-dd HH:mm:ss} UTC, before this list was imported): as known from then, this one had ended by that day; what the lists show stands as known on their dates."));
            }
        }

        return lines;
    }

    /// <summary>The first agreement of <paramref name="others"/> in force on a day <paramref name="id"/> is, as known at the same time, and recorded so after it.</summary>
    private (Guid Id, DateOnly From, DateTimeOffset KnownFrom)? Successor(Guid id, IEnumerable<Guid> others)
    {
        var rows = EffectiveHistory.Periods(streams[id]);
        return others
            .SelectMany(other => EffectiveHistory.Periods(streams[other]))
            .SelectMany(later => rows
                .Where(row => row.KnownFrom < later.KnownFrom
                    && (row.KnownTo is not { } knownTo || later.KnownFrom < knownTo)
                    && (row.EffectiveTo is not { } to || later.EffectiveFrom < to)
                    && (later.EffectiveTo is not { } laterTo || row.EffectiveFrom < laterTo))
                .Select(_ => later))
            .OrderBy(later => later.KnownFrom)
            .ThenBy(later => later.EffectiveFrom)
            .Select(later => ((Guid Id, DateOnly From, DateTimeOffset KnownFrom)?)(later.AgreementId, later.EffectiveFrom, later.KnownFrom))
            .FirstOrDefault();
    }

    /// <summary>
    /// An agreement this import leaves open beside another open agreement of its agency and model, which a command
    /// opened while the record did not know what the list shows (a request sent before the list was imported). Commands
    /// are never decided again, so both stand; the office closes the one that should not be.
    /// </summary>
    private IEnumerable<ReportLine> OpenBeside(IEnumerable<Guid> changed)
    {
        var open = streams.Values.Select(Agreement.Fold).OfType<Agreement>().Where(a => Agreement.OpenStatuses.Contains(a.Status)).ToList();
        foreach (var agreement in open.Where(a => changed.Contains(a.Id)))
        {
            foreach (var other in open.Where(o => o.Id != agreement.Id && o.AgencyId == agreement.AgencyId && o.Model == agreement.Model))
            {
                yield return new ReportLine(
                    null,
                    ChangeKind.LearnedLater,
                    agreement.AgencyId,
                    agreement.Model,
                    agreement.Id,
                    $"Open ({agreement.Status}) beside agreement {other.Id} ({other.Status}, requested {other.RequestedOn:yyyy-MM-dd}), which a command opened before this list was imported: an agency holds one open agreement per support model, so one of the two should be withdrawn, rejected or terminated.");
            }
        }
    }

    /// <summary>
    /// When the record knows what a list shows: from the start of its date; a pending list a moment after the
    /// participating list of the same date, since a request cannot be pending on the day it is listed as signed.
    /// </summary>
    public static DateTimeOffset KnownOn(PublicationKind kind, DateOnly publishedOn) =>
        kind == PublicationKind.Pending ? Knowledge.StartOf(publishedOn).AddMicroseconds(1) : Knowledge.StartOf(publishedOn);

    private static DateTimeOffset KnownOn(Publication publication) => KnownOn(publication.Kind, publication.PublishedOn);

    private static IOrderedEnumerable<Publication> InKnowledgeOrder(IEnumerable<Publication> lists) =>
        lists.OrderBy(KnownOn).ThenBy(p => p.ImportedAt);

    /// <summary>Every agreement the record knew at <paramref name="known"/>, as it knew it then.</summary>
    private List<Agreement> KnownAt(DateTimeOffset known) =>
        [.. streams.Values.Select(stream => Agreement.Fold(stream.Where(e => Knowledge.KnownAt(e) <= known))).OfType<Agreement>()];

    /// <summary>For each agreement, the date of the latest list of <paramref name="kind"/> dated before <paramref name="day"/> that showed it.</summary>
    private Dictionary<Guid, DateOnly> LastSeen(PublicationKind kind, DateOnly day) => publications
        .Select(p => (p.PublishedOn, p.Kind, p.Entries))
        .Concat(meeting is { } list ? [list] : [])
        .Where(p => p.Kind == kind && p.PublishedOn < day)
        .SelectMany(p => p.Entries.Where(e => e.AgreementId is not null).Select(e => (Agreement: e.AgreementId!.Value, p.PublishedOn)))
        .GroupBy(seen => seen.Agreement)
        .ToDictionary(group => group.Key, group => group.Max(seen => seen.PublishedOn));

    /// <summary>
    /// The agreement a row the record knew nothing of on its date continues: the one the next list to show its agency
    /// and model shows, unless a list of the same kind left it out in between (then the row's agreement ended there);
    /// with no later list about it, the open agreement recorded for it after the list's date (one agreement per agency
    /// and model is open at a time) — unless the MOA a command signed it under expired by the row's signing date: that
    /// row is another agreement, as in date order.
    /// </summary>
    private Guid? Continuation(PublishedRow row, PublicationKind kind, DateTimeOffset known)
    {
        var pair = (row.AgencyId, row.Model);
        bool KnownOnlyLater(Guid id) => streams.TryGetValue(id, out var stream) && stream.All(e => Knowledge.KnownAt(e) > known);
        foreach (var later in InKnowledgeOrder(publications.Where(p => KnownOn(p) > known)))
        {
            if (later.Entries.FirstOrDefault(e => e.AgencyId == pair.AgencyId && e.Model == pair.Model && e.AgreementId is not null) is { } shown)
            {
                return KnownOnlyLater(shown.AgreementId!.Value) ? shown.AgreementId : null;
            }

            if (later.Kind == kind)
            {
                return null;
            }
        }

        return streams
            .Where(s => KnownOnlyLater(s.Key))
            .Select(s => Agreement.Fold(s.Value))
            .FirstOrDefault(a => a is not null && Agreement.OpenStatuses.Contains(a.Status) && a.AgencyId == pair.AgencyId && a.Model == pair.Model
                && (a.Status == AgreementStatus.Requested || row.SignedOn is not { } shown || !(a.ExpiresOn <= shown)))?.Id;
    }

    /// <summary>Where the list disagrees with what the record learned after its date: the later knowledge stands for later times.</summary>
    private IEnumerable<ReportLine> LearnedLater(IEnumerable<ReportLine> lines, PublicationContent content, DateTimeOffset known)
    {
        var rows = content.Rows.ToDictionary(r => r.Line);
        foreach (var line in lines.Where(l => l.AgreementId is not null && l.Kind is not (ChangeKind.Skipped or ChangeKind.Interpreted or ChangeKind.Conflict)))
        {
            if (!streams.TryGetValue(line.AgreementId!.Value, out var stream) || stream.All(e => Knowledge.KnownAt(e) <= known) || Agreement.Fold(stream) is not { } now)
            {
                continue;
            }

            var agrees = (line.Line is { } number ? rows.GetValueOrDefault(number) : null, content.Kind) switch
            {
                (null, _) => now.Status == AgreementStatus.Delisted,
                (_, PublicationKind.Pending) => now.Status == AgreementStatus.Requested,
                ({ } row, _) => now.IsInForce && now.SignedOn == row.SignedOn,
            };
            if (!agrees)
            {
                yield return line with
                {
                    Kind = ChangeKind.LearnedLater,
                    Detail = $"The record learned later that it is {now.Status}{(now.EndedOn is { } ended ? $" from {ended:yyyy-MM-dd}" : string.Empty)}{(now.SignedOn is { } signed ? $", the MOA in force signed {signed:yyyy-MM-dd}" : string.Empty)}; what this list shows stands as known on {known:yyyy-MM-dd}.",
                };
            }
        }
    }

    private void Append(Dictionary<Guid, List<IEvent>> appends, IEnumerable<PlannedChange> changes, DateTimeOffset knownOn, string source)
    {
        foreach (var change in changes)
        {
            if (!streams.TryGetValue(change.AgreementId, out var stream))
            {
                streams[change.AgreementId] = stream = [];
            }

            if (!appends.TryGetValue(change.AgreementId, out var appended))
            {
                appends[change.AgreementId] = appended = [];
            }

            foreach (var data in change.Events)
            {
                var e = Known(data, change.AgreementId, stream.Count == 0 ? 1 : stream.Max(x => x.Version) + 1, knownOn, source);
                stream.Add(e);
                appended.Add(e);
            }
        }
    }

    private static IEvent Known(object data, Guid agreementId, long version, DateTimeOffset knownOn, string source)
    {
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        e.StreamId = agreementId;
        e.Version = version;
        e.SetHeader(Knowledge.KnownAtHeader, Knowledge.Stamp(knownOn));
        e.SetHeader(Knowledge.SourceHeader, source);
        return e;
    }

    private static List<PublishedEntry> Entries(IReadOnlyList<PublishedRow> rows, IEnumerable<ReportLine> lines, IReadOnlyList<PublishedEntry> before)
    {
        var matched = lines
            .Where(l => l.Line is not null && l.AgreementId is not null && l.Kind is not (ChangeKind.Skipped or ChangeKind.Conflict))
            .GroupBy(l => l.Line!.Value)
            .ToDictionary(g => g.Key, g => g.First().AgreementId);
        return [.. rows.Select((r, i) => new PublishedEntry(r.AgencyId, r.Model, r.Line, matched.GetValueOrDefault(r.Line) ?? (i < before.Count ? before[i].AgreementId : null), r))];
    }
}
