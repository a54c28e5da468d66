using EventSourcedAgreements.Agencies;
using Marten;
using Marten.Linq.MatchesSql;

namespace EventSourcedAgreements.Agreements.Listing;

public static class ListAgreementsEndpoint
{
    public static ProblemDetails Validate(string? state, string? model, string? status, string? limit, string? after, HttpRequest request) =>
        new Input()
            .Once(request, "state", "model", "status", "limit", "after")
            .State("state", state)
            .Model("model", model)
            .Check(
                "status",
                string.IsNullOrWhiteSpace(status) || EnumNames.TryParse<AgreementStatus>(status, out _),
                $"'{status}' is not a status: use one of {string.Join(", ", Enum.GetNames<AgreementStatus>())}.")
            .Limit(limit)
            .Check("after", string.IsNullOrEmpty(after) || Guid.TryParse(after, out _), "after is the next of the previous page, an agreement's id.")
            .ToProblem();

    /// <summary>
    /// The agreements as they stand now, narrowed by <c>state</c>, <c>model</c> and <c>status</c>, by agency (its id: its
    /// state, then its name) and model, a page at a time.
    /// </summary>
    [WolverineGet("/api/agreements", OperationId = "ListAgreements")]
    [ProducesResponseType<Page<Agreement>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(
        string? state,
        string? model,
        string? status,
        string? limit,
        string? after,
        HttpResponse response,
        IQuerySession session,
        CancellationToken cancellationToken)
    {
        IQueryable<Agreement> query = session.Query<Agreement>();
        if (Guid.TryParse(after, out var afterId))
        {
            if (await session.LoadAsync<Agreement>(afterId, cancellationToken) is not { } last)
            {
                return Results.Problem(Paging.UnknownAfter(after!, "agreement"));
            }

            // The same order as below, as PostgreSQL compares rows: what comes after the last agreement of the previous page.
            query = query.Where(a => a.MatchesSql(
                "(d.data ->> 'AgencyId', d.data ->> 'Model', d.id) > (?, ?, ?)", last.AgencyId, last.Model.ToString(), last.Id));
        }

        if (UsState.TryParse(state, out var usState))
        {
            query = query.Where(a => a.State == usState.Code);
        }

        if (SupportModels.TryParse(model, out var supportModel))
        {
            query = query.Where(a => a.Model == supportModel);
        }

        if (EnumNames.TryParse<AgreementStatus>(status, out var agreementStatus))
        {
            query = query.Where(a => a.Status == agreementStatus);
        }

        var size = Paging.SizeOf(limit);
        var rows = await query.OrderBy(a => a.AgencyId).ThenBy(a => a.Model).ThenBy(a => a.Id).Take(size + 1).ToListAsync(cancellationToken);
        return Results.Ok(Paging.Of(rows, size, a => a.Id.ToString(), response));
    }
}
