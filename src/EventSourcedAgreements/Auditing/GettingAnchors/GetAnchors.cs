using System.Globalization;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Auditing.GettingAnchors;

public sealed record AnchorList(int Count, IReadOnlyList<Anchor> Anchors);

/// <summary>Anchors are public: anyone may keep a copy, and a copy kept outside the database is what makes a rewrite detectable.</summary>
public static class GetAnchorsEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static ProblemDetails Validate(string? limit) =>
        new Input()
            .Check("limit", string.IsNullOrEmpty(limit) || (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit), $"limit is a whole number from 1 to {MaxLimit}.")
            .ToProblem();

    /// <summary>The latest anchors, newest first.</summary>
    [WolverineGet("/api/audit/anchors", OperationId = "ListAnchors")]
    [ProducesResponseType<AnchorList>(StatusCodes.Status200OK)]
    public static async Task<AnchorList> Get(string? limit, NpgsqlDataSource database, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"select {Anchor.Columns} from {store.Options.Events.DatabaseSchemaName}.{TamperEvidence.AnchorsTable} order by number desc limit @limit");
        command.Parameters.AddWithValue("limit", string.IsNullOrEmpty(limit) ? DefaultLimit : int.Parse(limit, CultureInfo.InvariantCulture));
        var anchors = new List<Anchor>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            anchors.Add(Anchor.Read(reader));
        }

        return new AnchorList(anchors.Count, anchors);
    }
}

public static class GetAnchorEndpoint
{
    /// <summary>
    /// One anchor of the store's hash chain, by its number: the hash that seals every event recorded up to it; keep a
    /// copy to verify the store against later.
    /// </summary>
    [WolverineGet("/api/audit/anchors/{number}", OperationId = "GetAnchor")]
    [ProducesResponseType<Anchor>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(long number, NpgsqlDataSource database, IDocumentStore store, CancellationToken cancellationToken) =>
        await Sealing.AnchorSealing.FindAsync(database, store.Options.Events.DatabaseSchemaName, number, cancellationToken) is { } anchor
            ? Results.Ok(anchor)
            : Results.Problem(NotFound.Anchor(number));
}
