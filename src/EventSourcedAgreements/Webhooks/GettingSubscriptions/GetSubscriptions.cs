using System.Security.Claims;
using Marten;

namespace EventSourcedAgreements.Webhooks.GettingSubscriptions;

public static class GetSubscriptionsEndpoint
{
    /// <summary>The caller's subscriptions that are not deleted (an agency's own; all for the program office), oldest first.</summary>
    [WolverineGet("/api/subscriptions", OperationId = "ListSubscriptions")]
    [Authorize(Roles = $"{ProgramOfficer},{Agency}")]
    [ProducesResponseType<IReadOnlyList<SubscriptionView>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<SubscriptionView>> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        var query = session.Query<WebhookSubscription>().Where(s => s.DeletedAt == null);
        if (!user.IsInRole(ProgramOfficer))
        {
            var agency = user.FindFirstValue(Security.ClaimNames.Agency) ?? string.Empty;
            query = query.Where(s => s.AgencyId == agency);
        }

        var subscriptions = await query.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        return [.. subscriptions.Select(SubscriptionView.From)];
    }

    /// <summary>One subscription, deleted ones too (with the time of deletion).</summary>
    [WolverineGet("/api/subscriptions/{id}", OperationId = "GetSubscription")]
    [Authorize(Roles = $"{ProgramOfficer},{Agency}")]
    [ProducesResponseType<SubscriptionView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetOne(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        var (subscription, problem) = await SubscriptionAccess.FindAsync(id, user, session, cancellationToken);
        return subscription is null ? Results.Problem(problem!) : Results.Ok(SubscriptionView.From(subscription));
    }
}
