using EventSourcedAgreements.Publications.Reading;
using Marten;

namespace EventSourcedAgreements.Publications.GettingPublications;

public sealed record PublicationSummary(Guid Id, DateOnly PublishedOn, PublicationKind Kind, string FileName, string Sha256, DateTimeOffset ImportedAt, string? ImportedBy, int Rows, IReadOnlyDictionary<ChangeKind, int> Counts);

public static class GetPublicationsEndpoint
{
    /// <summary>
    /// The lists imported so far, oldest publication first: each with its date, file name and SHA-256.
    /// </summary>
    [WolverineGet("/api/publications", OperationId = "ListPublications")]
    public static async Task<IReadOnlyList<PublicationSummary>> GetAll(IQuerySession session, CancellationToken cancellationToken) =>
        (await session.Query<Publication>().OrderBy(p => p.PublishedOn).ThenBy(p => p.ImportedAt).ToListAsync(cancellationToken))
            .Select(p => new PublicationSummary(p.Id, p.PublishedOn, p.Kind, p.FileName, p.Sha256, p.ImportedAt, p.ImportedBy, p.Report.Rows, p.Report.Counts))
            .ToList();

    /// <summary>
    /// One imported list: its date, file, SHA-256 and the report of what its import recorded.
    /// </summary>
    [WolverineGet("/api/publications/{id}", OperationId = "GetPublication")]
    [ProducesResponseType<ImportReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Publication>(id, cancellationToken) is { } publication
            ? Results.Ok(publication.Report)
            : Results.Problem(NotFound.Publication(id));
}
