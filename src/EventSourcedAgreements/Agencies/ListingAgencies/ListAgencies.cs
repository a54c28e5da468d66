using EventSourcedAgreements.Agencies.Directory;
using EventSourcedAgreements.Agreements;
using Marten;
using Marten.Linq.MatchesSql;

namespace EventSourcedAgreements.Agencies.ListingAgencies;

/// <summary>One agency in the directory, with each of its agreements in a line.</summary>
public sealed record ListedAgency(string Id, string State, string Name, AgencyType? Type, string? County, IReadOnlyList<ListedAgreement> Agreements);

/// <summary>An agreement as the directory knows it; <see cref="Version"/> is how many of its events the directory has applied (the agreement's own version once it has caught up).</summary>
public sealed record ListedAgreement(Guid Id, int Version, SupportModel Model, AgreementStatus Status, DateOnly? SignedOn, DateOnly? ExpiresOn, DateOnly? EndedOn);

/// <summary>
/// Every agency that ever asked for an agreement, those whose agreements ended too (ICE's lists drop them), by state and
/// name. Read from the asynchronous <see cref="AgencyDirectoryProjection"/>: a command shows here within moments, not
/// necessarily at once (<c>/api/agencies/{id}</c> reads the agreements themselves).
/// </summary>
public static class ListAgenciesEndpoint
{
    public static ProblemDetails Validate(string? state, string? name, string? limit, string? after, HttpRequest request) =>
        new Input()
            .Once(request, "state", "name", "limit", "after")
            .State("state", state)
            .Text("name", name, Input.NameMaxLength, required: false)
            .Limit(limit)
            .Text("after", after, Input.NameMaxLength, required: false)
            .ToProblem();

    /// <summary>
    /// The law enforcement agencies the record knows, narrowed by <c>state</c> and by a part of their <c>name</c> (without
    /// regard to case, accents or the form of an apostrophe), by id (its state, then its name), a page at a time.
    /// </summary>
    [WolverineGet("/api/agencies", OperationId = "ListAgencies")]
    [ProducesResponseType<Page<ListedAgency>>(StatusCodes.Status200OK)]
    public static async Task<Page<ListedAgency>> Get(
        string? state, string? name, string? limit, string? after, HttpResponse response, IQuerySession session, CancellationToken cancellationToken)
    {
        IQueryable<AgencyDetails> query = session.Query<AgencyDetails>();
        if (!string.IsNullOrEmpty(after))
        {
            // Agency ids are unique and ordered: the page starts after the last id of the previous one, listed or not.
            query = query.Where(a => a.MatchesSql("d.id > ?", after));
        }

        if (UsState.TryParse(state, out var usState))
        {
            query = query.Where(a => a.State == usState.Code);
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            // The name as written, or its words as the agency's id spells them (no case, accents or apostrophes of any
            // form: "sheriff's" and "sheriff’s" both find "sheriffs"), from the start of a word of the name.
            var part = name.Trim();
            var words = AgencyIdentity.Slug(part);
            query = words.Length == 0
                ? query.Where(a => a.Name.Contains(part, StringComparison.OrdinalIgnoreCase))
                : query.Where(a => a.Name.Contains(part, StringComparison.OrdinalIgnoreCase) || a.Id.Contains("-" + words));
        }

        var size = Paging.SizeOf(limit);
        var agencies = await query.OrderBy(a => a.Id).Take(size + 1).ToListAsync(cancellationToken);
        return Paging.Of(agencies, size, a => a.Id, response)
            .Select(a => new ListedAgency(
                a.Id,
                a.State,
                a.Name,
                a.Type,
                a.County,
                a.Agreements.Select(g => new ListedAgreement(g.Id, g.Version, g.Model, g.Status, g.SignedOn, g.ExpiresOn, g.EndedOn)).ToList()));
    }
}
