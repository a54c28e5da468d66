using System.Globalization;
using System.Security.Claims;
using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Webhooks.ListingDeliveries;

public static class ListDeliveriesEndpoint
{
    public static ProblemDetails Validate(string? status, string? limit, string? after, HttpRequest request) =>
        new Input()
            .Once(request, "status", "limit", "after")
            .Check("status", string.IsNullOrEmpty(status) || EnumNames.TryParse<DeliveryStatus>(status, out _), $"'{status}' is not a delivery status: use {string.Join(", ", Enum.GetNames<DeliveryStatus>())}.")
            .Limit(limit)
            .Check("after", string.IsNullOrEmpty(after) || long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out _), "after is the next of the previous page, a whole number.")
            .ToProblem();

    /// <summary>The subscription's deliveries, the latest event first, each with its attempts: when, the receiver's answer or the error, how long; a page at a time.</summary>
    [WolverineGet("/api/subscriptions/{id}/deliveries", OperationId = "ListDeliveries")]
    [Authorize(Roles = $"{ProgramOfficer},{Agency}")]
    [ProducesResponseType<Page<WebhookDelivery>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid id, string? status, string? limit, string? after, HttpResponse response, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        var (subscription, problem) = await SubscriptionAccess.FindAsync(id, user, session, cancellationToken);
        if (subscription is null)
        {
            return Results.Problem(problem!);
        }

        var query = session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == id);
        if (EnumNames.TryParse<DeliveryStatus>(status, out var wanted))
        {
            query = query.Where(d => d.Status == wanted);
        }

        if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
        {
            query = query.Where(d => d.Sequence < before);
        }

        var size = Paging.SizeOf(limit);
        var deliveries = await query.OrderByDescending(d => d.Sequence).Take(size + 1).ToListAsync(cancellationToken);
        return Results.Ok(Paging.Of(deliveries, size, d => d.Sequence.ToString(CultureInfo.InvariantCulture), response));
    }
}
