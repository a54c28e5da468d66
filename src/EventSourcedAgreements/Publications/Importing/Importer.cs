using System.Security.Cryptography;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Publications.Reading;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace EventSourcedAgreements.Publications.Importing;

public sealed record ImportOutcome(ImportReport? Report, ProblemDetails? Problem);

/// <summary>Reads a published list, reconciles it with the record, and appends the difference in one transaction.</summary>
public sealed class Importer(IDocumentStore store, NpgsqlDataSource database, TimeProvider time)
{
    public async Task<ImportOutcome> ImportAsync(string fileName, Stream file, DateOnly publishedOn, bool dryRun, string? actor, CancellationToken cancellationToken)
    {
        if (publishedOn > Today.From(time))
        {
            return Refused(StatusCodes.Status422UnprocessableEntity, "Publication in the future", $"{publishedOn:yyyy-MM-dd} is after today: a list is imported once it is published. Nothing was imported.");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
        buffer.Position = 0;

        PublicationContent content;
        try
        {
            content = PublicationReader.Read(fileName, buffer);
        }
        catch (UnreadablePublicationException unreadable)
        {
            return Refused(StatusCodes.Status422UnprocessableEntity, "Unreadable publication", $"{fileName}: {unreadable.Message} Nothing was imported.");
        }

        if (content.Rows.Count == 0)
        {
            return Refused(StatusCodes.Status422UnprocessableEntity, "Empty publication", $"{fileName} holds no row that could be read, so it would end every agreement it does not show. Nothing was imported.");
        }

        await using var session = store.LightweightSession();
        var publications = await session.Query<Publication>().ToListAsync(cancellationToken);
        if (publications.FirstOrDefault(p => p.Sha256 == sha256) is { } same)
        {
            return new ImportOutcome(same.Report with { AlreadyImported = true, DryRun = dryRun, Counts = new Dictionary<ChangeKind, int>(), Lines = [] }, null);
        }

        if (publications.Count > 0 && publications.Max(p => p.PublishedOn) is var newest && newest > publishedOn)
        {
            return Refused(StatusCodes.Status409Conflict, "Publication out of order", $"A list published {newest:yyyy-MM-dd} is already imported; import publications in date order. Nothing was imported.");
        }

        var lastSeen = publications
            .Where(p => p.Kind == content.Kind)
            .SelectMany(p => p.Entries.Where(e => e.AgreementId is not null).Select(e => (Agreement: e.AgreementId!.Value, p.PublishedOn)))
            .GroupBy(seen => seen.Agreement)
            .ToDictionary(group => group.Key, group => group.Max(seen => seen.PublishedOn));

        var lateIds = await KnownLaterAsync(Knowledge.StartOf(publishedOn), cancellationToken);
        var late = lateIds.Count == 0 ? [] : await session.Query<Agreement>().Where(a => a.Id.IsOneOf(lateIds.ToArray())).ToListAsync(cancellationToken);
        var listedPairs = content.Rows.Select(r => (r.AgencyId, r.Model)).ToHashSet();
        var entangled = late.Where(a => listedPairs.Contains((a.AgencyId, a.Model)) || lastSeen.ContainsKey(a.Id)).ToList();
        if (entangled.Count > 0)
        {
            return Refused(
                StatusCodes.Status409Conflict,
                "Publication older than the record",
                $"The record learned of {string.Join(", ", entangled.Take(5).Select(a => $"{a.AgencyId} {a.Model} ({a.Id})"))}{(entangled.Count > 5 ? $" and {entangled.Count - 5} more" : string.Empty)} after the start of {publishedOn:yyyy-MM-dd}, and this list concerns them; a list is reconciled with the record as it stood on its date, so it can no longer be imported. Nothing was imported.");
        }

        var agreements = (await session.Query<Agreement>()
            .Where(a => a.Status.IsOneOf(Agreement.OpenStatuses)
                || (a.Status.IsOneOf(AgreementStatus.Terminated, AgreementStatus.Expired) && a.EndedOn > publishedOn))
            .ToListAsync(cancellationToken))
            .Where(a => !lateIds.Contains(a.Id))
            .ToList();
        var plan = Reconciliation.Plan(content, publishedOn, agreements, lastSeen, Guid.CreateVersion7);

        var publicationId = Guid.CreateVersion7();
        var report = new ImportReport(
            publicationId,
            fileName,
            sha256,
            publishedOn,
            content.Kind,
            dryRun,
            AlreadyImported: false,
            content.Rows.Count,
            plan.Lines.GroupBy(l => l.Kind).ToDictionary(g => g.Key, g => g.Count()),
            plan.Lines);
        if (dryRun)
        {
            return new ImportOutcome(report, null);
        }

        var matched = plan.Lines
            .Where(l => l.Line is not null && l.AgreementId is not null && l.Kind is not (ChangeKind.Skipped or ChangeKind.Conflict))
            .GroupBy(l => l.Line!.Value)
            .ToDictionary(g => g.Key, g => g.First().AgreementId);
        Knowledge.RecordAs(session, Knowledge.StartOf(publishedOn), $"publication {publishedOn:yyyy-MM-dd} {fileName} sha256:{sha256}");
        session.LastModifiedBy = actor;
        foreach (var change in plan.Changes)
        {
            if (change.StartsStream)
            {
                session.Events.StartStream<Agreement>(change.AgreementId, [.. change.Events]);
            }
            else
            {
                var stream = await session.Events.FetchForWriting<Agreement>(change.AgreementId, cancellationToken);
                stream.AppendMany([.. change.Events]);
            }
        }

        session.Store(new Publication(
            publicationId,
            publishedOn,
            content.Kind,
            fileName,
            sha256,
            time.GetUtcNow(),
            actor,
            [.. content.Rows.Select(r => new PublishedEntry(r.AgencyId, r.Model, r.Line, matched.GetValueOrDefault(r.Line)))],
            report));
        await session.SaveChangesAsync(cancellationToken);
        return new ImportOutcome(report, null);
    }

    /// <summary>The agreements with an event the record learned after <paramref name="instant"/>: unknown, or otherwise, on the list's date.</summary>
    private async Task<HashSet<Guid>> KnownLaterAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"select distinct stream_id from {store.Options.Events.DatabaseSchemaName}.mt_events where (headers ->> '{Knowledge.KnownAtHeader}')::timestamptz > @instant");
        command.Parameters.AddWithValue("instant", instant);
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static ImportOutcome Refused(int status, string title, string detail) =>
        new(null, new ProblemDetails { Status = status, Title = title, Detail = detail });
}
