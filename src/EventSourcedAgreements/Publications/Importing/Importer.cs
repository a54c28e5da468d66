using System.Security.Cryptography;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Publications.Reading;
using Marten;

namespace EventSourcedAgreements.Publications.Importing;

public sealed record ImportOutcome(ImportReport? Report, ProblemDetails? Problem);

/// <summary>
/// Reads a published list, reconciles it with the record as known on its date, meets it with the lists dated after it,
/// and appends the difference in one transaction. Lists come in any order: a list never is refused because the record
/// learned more after its date.
/// </summary>
public sealed class Importer(IDocumentStore store, TimeProvider time)
{
    /// <summary>
    /// Imports one list; an empty participating list (<paramref name="confirmEmpty"/>) would end every agreement in force,
    /// and is imported only when confirmed. What it appends records <paramref name="actor"/> and, imported over HTTP, the
    /// <paramref name="role"/> the actor acted in.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(string fileName, Stream file, DateOnly publishedOn, bool dryRun, string? actor, CancellationToken cancellationToken, bool confirmEmpty = false, string? role = null)
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
            content = PublicationReader.Read(fileName, buffer, publishedOn);
        }
        catch (UnreadablePublicationException unreadable)
        {
            return Refused(StatusCodes.Status422UnprocessableEntity, "Unreadable publication", $"{fileName}: {unreadable.Message} Nothing was imported.");
        }

        if (content is { Kind: PublicationKind.Participating, Rows.Count: 0 } && !confirmEmpty)
        {
            return Refused(StatusCodes.Status422UnprocessableEntity, "Empty publication", $"{fileName} holds no participating agency that could be read, so it would end every agreement in force; send confirmEmpty=true if ICE really published it empty. Nothing was imported.");
        }

        await using var session = store.LightweightSession();
        var publications = await session.Query<Publication>().ToListAsync(cancellationToken);
        if (publications.FirstOrDefault(p => p.Sha256 == sha256) is { } same)
        {
            return new ImportOutcome(same.Report with { AlreadyImported = true, DryRun = dryRun, Counts = new Dictionary<ChangeKind, int>(), Lines = [] }, null);
        }

        var record = await ListsOnRecord.LoadAsync(session, publications, cancellationToken);
        var publicationId = Guid.CreateVersion7();
        var source = Knowledge.PublicationSource(publishedOn, fileName, sha256);
        var met = record.Meet(content, publishedOn, source, Guid.CreateVersion7);

        var report = new ImportReport(
            publicationId,
            fileName,
            sha256,
            publishedOn,
            content.Kind,
            dryRun,
            AlreadyImported: false,
            content.Rows.Count,
            met.Lines.GroupBy(l => l.Kind).ToDictionary(g => g.Key, g => g.Count()),
            met.Lines);
        if (dryRun)
        {
            return new ImportOutcome(report, null);
        }

        session.LastModifiedBy = actor;
        if (role is not null)
        {
            session.SetHeader(Knowledge.RoleHeader, role);
        }

        foreach (var (agreementId, events) in met.Appends)
        {
            if (record.Version(agreementId) is { } version)
            {
                session.Events.Append(agreementId, version + events.Count, [.. events]);
            }
            else
            {
                session.Events.StartStream<Agreement>(agreementId, [.. events]);
            }
        }

        foreach (var later in met.Rematched)
        {
            session.Store(later);
        }

        session.Store(new Publication(
            publicationId,
            publishedOn,
            content.Kind,
            fileName,
            sha256,
            time.GetUtcNow(),
            actor,
            met.Entries,
            report));
        await session.SaveChangesAsync(cancellationToken);
        return new ImportOutcome(report, null);
    }

    private static ImportOutcome Refused(int status, string title, string detail) =>
        new(null, new ProblemDetails { Status = status, Title = title, Detail = detail });
}
