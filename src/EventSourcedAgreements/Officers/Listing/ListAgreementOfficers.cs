using System.Globalization;
using System.Security.Claims;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;
using Marten;
using Marten.Linq.MatchesSql;

namespace EventSourcedAgreements.Officers.Listing;

public static class ListAgreementOfficersEndpoint
{
    public static ProblemDetails Validate(string? limit, string? after, HttpRequest request) =>
        new Input()
            .Once(request, "limit", "after")
            .Limit(limit)
            .Check("after", string.IsNullOrEmpty(after) || Guid.TryParse(after, out _), "after is the next of the previous page, an officer's id.")
            .ToProblem();

    /// <summary>The officers nominated under the agreement, in the order of their nomination, with names, a page at a time: for the agreement's agency, the program office and auditors.</summary>
    [WolverineGet("/api/agreements/{id}/officers", OperationId = "ListAgreementOfficers")]
    [Authorize(Roles = $"{Roles.Agency},{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<Page<OfficerDetails>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid id, string? limit, string? after, HttpResponse response, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Agreement>(id, cancellationToken) is not { } agreement)
        {
            return Results.Problem(NotFound.Agreement(id));
        }

        if (AgencyAccess.Refusal(user, agreement.AgencyId) is { } refused)
        {
            return Results.Problem(refused);
        }

        var query = session.Query<Officer>().Where(o => o.AgreementId == id);
        if (Guid.TryParse(after, out var afterId))
        {
            if (await session.LoadAsync<Officer>(afterId, cancellationToken) is not { } last || last.AgreementId != id)
            {
                return Results.Problem(Paging.UnknownAfter(after!, "officer of this agreement"));
            }

            // The same order as below (a date's ISO text orders as the date), as PostgreSQL compares rows.
            query = query.Where(o => o.MatchesSql("(d.data ->> 'NominatedOn', d.id) > (?, ?)", last.NominatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last.Id));
        }

        var size = Paging.SizeOf(limit);
        var officers = await query.OrderBy(o => o.NominatedOn).ThenBy(o => o.Id).Take(size + 1).ToListAsync(cancellationToken);
        var page = Paging.Of(officers, size, o => o.Id.ToString(), response);
        return Results.Ok(new Page<OfficerDetails>(await OfficerDetails.ReadAsync(session, page.Items, cancellationToken), page.Next));
    }
}
