using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Publications.Importing;

public sealed record PlannedChange(Guid AgreementId, IReadOnlyList<object> Events);

public sealed record ImportPlan(IReadOnlyList<PlannedChange> Changes, IReadOnlyList<ReportLine> Lines);

/// <summary>
/// Turns the difference between a publication and what the record held on its date into lifecycle events. Pure: the
/// record as known then, the dates each agreement was last seen on a list of the same kind, and the ids come in;
/// events and a report go out. Planning a list again against a record that already holds its events plans nothing.
/// </summary>
public static class Reconciliation
{
    /// <param name="content">The list as read.</param>
    /// <param name="publishedOn">Its date.</param>
    /// <param name="agreements">Every agreement the record knew on that date, as it knew it then.</param>
    /// <param name="lastSeen">For each agreement, the date of the latest earlier list of the same kind that showed it.</param>
    /// <param name="idFor">The id of the agreement a row starts: the one a later list already shows, or a new one.</param>
    public static ImportPlan Plan(
        PublicationContent content,
        DateOnly publishedOn,
        IReadOnlyList<Agreement> agreements,
        IReadOnlyDictionary<Guid, DateOnly> lastSeen,
        Func<PublishedRow, Guid> idFor)
    {
        var changes = new List<PlannedChange>();
        var lines = content.Notes
            .Select(note => new ReportLine(note.Line, note.Kind == NoteKind.Skipped ? ChangeKind.Skipped : ChangeKind.Interpreted, null, null, null, $"{note.Reason} ({note.Text})"))
            .ToList();
        var byPair = agreements.ToLookup(a => (a.AgencyId, a.Model));
        var listed = new HashSet<(string, SupportModel)>();

        foreach (var row in content.Rows)
        {
            var pair = (row.AgencyId, row.Model);
            listed.Add(pair);
            var existing = content.Kind == PublicationKind.Pending ? PendingMatch(byPair[pair], publishedOn) : ParticipatingMatch(byPair[pair], row, publishedOn);
            var (change, line) = content.Kind == PublicationKind.Pending
                ? Pending(row, existing, publishedOn, () => idFor(row))
                : Disputed(row, existing, Participating(row, existing, publishedOn, () => idFor(row)));
            if (change is not null)
            {
                changes.Add(change);
            }

            lines.Add(line);
        }

        foreach (var missing in agreements.Where(a => !listed.Contains((a.AgencyId, a.Model)) && ListedBy(a, content.Kind)))
        {
            if (lastSeen.TryGetValue(missing.Id, out var seen) && seen < publishedOn)
            {
                changes.Add(new PlannedChange(missing.Id, [new AgreementDelisted(seen, publishedOn, Request: content.Kind == PublicationKind.Pending)]));
                lines.Add(new ReportLine(null, ChangeKind.Delisted, missing.AgencyId, missing.Model, missing.Id, $"On the list of {seen:yyyy-MM-dd}, not on this one: ended at an unknown date after {seen:yyyy-MM-dd} and before {publishedOn:yyyy-MM-dd}."));
            }
            else
            {
                lines.Add(new ReportLine(null, ChangeKind.Conflict, missing.AgencyId, missing.Model, missing.Id, $"{missing.Status} in the record but on no earlier list and not on this one; left as it is."));
            }
        }

        return new ImportPlan(changes, lines);
    }

    private static bool InForceOn(Agreement agreement, DateOnly day) =>
        agreement.IsInForce
        || (agreement.Status is AgreementStatus.Terminated or AgreementStatus.Expired && agreement.EndedOn > day);

    private static Agreement? PendingMatch(IEnumerable<Agreement> pair, DateOnly publishedOn) =>
        pair.FirstOrDefault(a => a.Status == AgreementStatus.Requested) ?? pair.FirstOrDefault(a => InForceOn(a, publishedOn));

    /// <summary>
    /// The agreement a participating row is about: the one in force on the list's date, else the request it signs, else
    /// one whose MOA the row shows in force before its end (a delisting the row lifts, or an end the list contradicts):
    /// one agreement per agency and model is in force on any day.
    /// </summary>
    private static Agreement? ParticipatingMatch(IEnumerable<Agreement> pair, PublishedRow row, DateOnly publishedOn) =>
        pair.FirstOrDefault(a => InForceOn(a, publishedOn))
        ?? pair.FirstOrDefault(a => a.Status == AgreementStatus.Requested)
        ?? pair.Where(a => a.Status is AgreementStatus.Delisted or AgreementStatus.Terminated or AgreementStatus.Expired && a.SignedOn is not null && row.SignedOn < a.EndedOn)
            .MaxBy(a => a.EndedOn);

    private static bool ListedBy(Agreement agreement, PublicationKind kind) =>
        kind == PublicationKind.Pending ? agreement.Status == AgreementStatus.Requested : agreement.IsInForce;

    private static (PlannedChange?, ReportLine) Participating(PublishedRow row, Agreement? existing, DateOnly publishedOn, Func<Guid> newId)
    {
        if (row.SignedOn is not { } signedOn)
        {
            return (null, Line(row, ChangeKind.Skipped, existing, "A participating row without a signing date."));
        }

        if (signedOn > publishedOn)
        {
            return (null, Line(row, ChangeKind.Skipped, existing, $"Signed {signedOn:yyyy-MM-dd}, after the list's own date, and no other date is supported by the row: a list cannot show an agreement in force before it was signed.{(row.Dispute is { } doubt ? $" ({doubt})" : string.Empty)}"));
        }

        if (existing is null)
        {
            var id = newId();
            return (
                new PlannedChange(id, [Requested(row, id, signedOn), new AgreementSigned(signedOn, row.MoaUrl, null, row.MoaPosted)]),
                Line(row, ChangeKind.New, id, $"Signed {signedOn:yyyy-MM-dd}; the list does not say when the agency asked, the signing date stands in."));
        }

        if (existing.Status == AgreementStatus.Requested)
        {
            return (
                new PlannedChange(existing.Id, [new AgreementSigned(signedOn, row.MoaUrl, null, row.MoaPosted)]),
                Line(row, ChangeKind.RequestSigned, existing.Id, $"The request of {existing.RequestedOn:yyyy-MM-dd} was signed {signedOn:yyyy-MM-dd}."));
        }

        if (existing.Status == AgreementStatus.Delisted)
        {
            return (
                new PlannedChange(existing.Id, [new AgreementSigned(signedOn, row.MoaUrl, null, row.MoaPosted)]),
                Line(row, ChangeKind.Relisted, existing.Id, $"Shown again, signed {signedOn:yyyy-MM-dd}, before the list of {existing.EndedOn:yyyy-MM-dd} that left it out: its delisting no longer holds."));
        }

        if (existing.Status is AgreementStatus.Terminated or AgreementStatus.Expired && existing.EndedOn <= publishedOn)
        {
            return (null, Line(row, ChangeKind.Conflict, existing.Id, $"The record holds it {existing.Status} from {existing.EndedOn:yyyy-MM-dd}; the list still shows it, signed {signedOn:yyyy-MM-dd}; left as it is."));
        }

        var current = existing.SignedOn.GetValueOrDefault();
        if (signedOn == current)
        {
            return LinkChange(row, existing) is { } link
                ? (new PlannedChange(existing.Id, [new MoaLinkChanged(publishedOn, link.MoaUrl, link.MoaPosted)]),
                    Line(row, ChangeKind.LinkChanged, existing.Id, $"The MOA of {signedOn:yyyy-MM-dd} is now {link.MoaUrl ?? (link.MoaPosted ? "posted" : "not posted")}."))
                : (null, Line(row, ChangeKind.Unchanged, existing.Id, "As before."));
        }

        var sameDocument = row.MoaUrl is not null && row.MoaUrl == existing.MoaUrl;
        if (Agreement.IsCorrection(current, signedOn) || sameDocument)
        {
            object[] corrected = LinkChange(row, existing) is { } link
                ? [new SigningDateCorrected(publishedOn, current, signedOn), new MoaLinkChanged(publishedOn, link.MoaUrl, link.MoaPosted)]
                : [new SigningDateCorrected(publishedOn, current, signedOn)];
            return (
                new PlannedChange(existing.Id, corrected),
                Line(row, ChangeKind.Corrected, existing.Id, $"The printed signing date of the MOA in force moved from {current:yyyy-MM-dd} to {signedOn:yyyy-MM-dd}{(sameDocument ? " (same MOA link)" : string.Empty)}{(corrected.Length > 1 ? "; its link changed too" : string.Empty)}."));
        }

        return (
            new PlannedChange(existing.Id, [new AgreementRenewed(signedOn, row.MoaUrl, null, current, row.MoaPosted)]),
            Line(row, ChangeKind.Renewed, existing.Id, $"A new MOA signed {signedOn:yyyy-MM-dd} replaces the one of {current:yyyy-MM-dd}."));
    }

    /// <summary>A row whose printed signing date the evidence does not support marks the MOA it shows disputed, once per agreement and date.</summary>
    private static (PlannedChange?, ReportLine) Disputed(PublishedRow row, Agreement? existing, (PlannedChange? Change, ReportLine Line) planned)
    {
        if (row is not { Dispute: { } reason, SignedOn: { } signedOn } || planned.Line.AgreementId is not { } id
            || planned.Line.Kind is ChangeKind.Skipped or ChangeKind.Conflict
            || (existing?.Id == id && existing.SigningDispute == new SigningDispute(signedOn, reason)))
        {
            return planned;
        }

        var disputed = new SigningDateDisputed(signedOn, reason);
        return (
            planned.Change is { } change ? change with { Events = [.. change.Events, disputed] } : new PlannedChange(id, [disputed]),
            planned.Line with { Detail = $"{planned.Line.Detail} Its signing date is disputed: {reason}." });
    }

    private static (PlannedChange?, ReportLine) Pending(PublishedRow row, Agreement? existing, DateOnly publishedOn, Func<Guid> newId)
    {
        if (existing is null)
        {
            var id = newId();
            return (
                new PlannedChange(id, [Requested(row, id, publishedOn)]),
                Line(row, ChangeKind.Requested, id, $"Pending on {publishedOn:yyyy-MM-dd}; the list does not say when the agency asked, its date stands in."));
        }

        return existing.Status == AgreementStatus.Requested
            ? (null, Line(row, ChangeKind.Unchanged, existing.Id, "Still pending."))
            : (null, Line(row, ChangeKind.Conflict, existing.Id, $"Listed as pending, but the record holds it {existing.Status} (signed {existing.SignedOn:yyyy-MM-dd}); left as it is."));
    }

    /// <summary>A link the list shows for the first time, or another one; a list that shows a posted MOA without its address keeps the known address.</summary>
    private static (string? MoaUrl, bool MoaPosted)? LinkChange(PublishedRow row, Agreement existing)
    {
        if (row.MoaUrl is not null)
        {
            return row.MoaUrl == existing.MoaUrl && existing.MoaPosted ? null : (row.MoaUrl, true);
        }

        return row.MoaPosted == existing.MoaPosted ? null : (row.MoaPosted ? existing.MoaUrl : null, row.MoaPosted);
    }

    private static AgreementRequested Requested(PublishedRow row, Guid id, DateOnly requestedOn) =>
        new(id, row.AgencyId, row.State.Code, row.AgencyName, row.AgencyType, row.County, row.Model, requestedOn);

    private static ReportLine Line(PublishedRow row, ChangeKind kind, Agreement? existing, string detail) => Line(row, kind, existing?.Id, detail);

    private static ReportLine Line(PublishedRow row, ChangeKind kind, Guid? agreementId, string detail) =>
        new(row.Line, kind, row.AgencyId, row.Model, agreementId, detail);
}
