using EventSourcedAgreements.Agencies;
using Marten;

namespace EventSourcedAgreements.Agreements.Listing;

public static class ListAgreementsEndpoint
{
    public static ProblemDetails Validate(string? state, string? model, string? status) =>
        new Input()
            .State("state", state)
            .Model("model", model)
            .Check(
                "status",
                string.IsNullOrWhiteSpace(status) || EnumNames.TryParse<AgreementStatus>(status, out _),
                $"'{status}' is not a status: use one of {string.Join(", ", Enum.GetNames<AgreementStatus>())}.")
            .ToProblem();

    /// <summary>
    /// The agreements as they stand now, narrowed by <c>state</c>, <c>model</c> and <c>status</c>.
    /// </summary>
    [WolverineGet("/api/agreements")]
    [ProducesResponseType<IReadOnlyList<Agreement>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<Agreement>> Get(string? state, string? model, string? status, IQuerySession session, CancellationToken cancellationToken)
    {
        IQueryable<Agreement> query = session.Query<Agreement>();
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

        return await query.OrderBy(a => a.State).ThenBy(a => a.AgencyName).ThenBy(a => a.Model).ThenBy(a => a.Id).ToListAsync(cancellationToken);
    }
}
