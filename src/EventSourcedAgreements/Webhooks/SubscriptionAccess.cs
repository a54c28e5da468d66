using System.Security.Claims;
using EventSourcedAgreements.Security;
using Marten;

namespace EventSourcedAgreements.Webhooks;

/// <summary>What anyone may see of a subscription: everything but its secret.</summary>
public sealed record SubscriptionView(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    string? AgencyId,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletedAt)
{
    public static SubscriptionView From(WebhookSubscription subscription) => new(
        subscription.Id,
        subscription.Url,
        subscription.Events,
        subscription.AgencyId,
        subscription.CreatedBy,
        subscription.CreatedAt,
        subscription.DeletedAt);
}

/// <summary>An agency sees and manages its own agency's subscriptions; the program office sees and manages all.</summary>
public static class SubscriptionAccess
{
    public static bool Sees(ClaimsPrincipal user, WebhookSubscription subscription) =>
        user.IsInRole(Roles.ProgramOfficer)
        || (subscription.AgencyId is { } agency && string.Equals(agency, user.FindFirstValue(ClaimNames.Agency), StringComparison.Ordinal));

    /// <summary>The subscription <paramref name="id"/> if <paramref name="user"/> may see it, or the 404 to answer.</summary>
    public static async Task<(WebhookSubscription? Subscription, ProblemDetails? Problem)> FindAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        var subscription = await session.LoadAsync<WebhookSubscription>(id, cancellationToken);

        // Another agency's subscription is answered as unknown: its existence and URL are that agency's business.
        return subscription is not null && Sees(user, subscription)
            ? (subscription, null)
            : (null, new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Unknown subscription",
                Detail = $"No subscription {id} is visible to this caller.",
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
            });
    }
}
