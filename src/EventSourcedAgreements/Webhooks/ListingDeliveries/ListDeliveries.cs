using System.Globalization;
using System.Security.Claims;
using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Webhooks.ListingDeliveries;

public static class ListDeliveriesEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static ProblemDetails Validate(string? status, string? limit, HttpRequest request) =>
        new Input()
            .Once(request, "status", "limit")
            .Check("status", string.IsNullOrEmpty(status) || EnumNames.TryParse<DeliveryStatus>(status, out _), $"'{status}' is not a delivery status: use {string.Join(", ", Enum.GetNames<DeliveryStatus>())}.")
            .Check("limit", string.IsNullOrEmpty(limit) || Limit(limit) is not null, $"limit is a whole number from 1 to {MaxLimit}.")
            .ToProblem();

    /// <summary>The subscription's deliveries, the latest event first, each with its attempts: when, the receiver's answer or the error, how long.</summary>
    [WolverineGet("/api/subscriptions/{id}/deliveries")]
    [Authorize(Roles = $"{ProgramOfficer},{Agency}")]
    [ProducesResponseType<IReadOnlyList<WebhookDelivery>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, string? status, string? limit, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
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

        var deliveries = await query
            .OrderByDescending(d => d.Sequence)
            .Take(string.IsNullOrEmpty(limit) ? DefaultLimit : Limit(limit)!.Value)
            .ToListAsync(cancellationToken);
        return Results.Ok(deliveries);
    }

    private static int? Limit(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit ? value : null;
}
