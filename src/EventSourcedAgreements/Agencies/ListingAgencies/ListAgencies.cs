using EventSourcedAgreements.Agencies.Directory;
using EventSourcedAgreements.Agreements;
using Marten;

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
    public static ProblemDetails Validate(string? state, string? name, HttpRequest request) =>
        new Input()
            .Once(request, "state", "name")
            .State("state", state)
            .Text("name", name, Input.NameMaxLength, required: false)
            .ToProblem();

    /// <summary>
    /// The law enforcement agencies the record knows, narrowed by <c>state</c> and by a part of their <c>name</c> (without
    /// regard to case, accents or the form of an apostrophe).
    /// </summary>
    [WolverineGet("/api/agencies")]
    [ProducesResponseType<IReadOnlyList<ListedAgency>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<ListedAgency>> Get(string? state, string? name, IQuerySession session, CancellationToken cancellationToken)
    {
        IQueryable<AgencyDetails> query = session.Query<AgencyDetails>();
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

        var agencies = await query.OrderBy(a => a.State).ThenBy(a => a.Name).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        return agencies
            .Select(a => new ListedAgency(
                a.Id,
                a.State,
                a.Name,
                a.Type,
                a.County,
                a.Agreements.Select(g => new ListedAgreement(g.Id, g.Version, g.Model, g.Status, g.SignedOn, g.ExpiresOn, g.EndedOn)).ToList()))
            .ToList();
    }
}
