using System.Security.Claims;
using Marten;

namespace EventSourcedAgreements.Webhooks.Unsubscribing;

public static class UnsubscribeEndpoint
{
    /// <summary>
    /// Stops the subscription: no new event is queued for it and the deliveries still waiting are cancelled when their
    /// turn comes. It stays readable, with its deliveries, for the record. Deleting it again changes nothing.
    /// </summary>
    [WolverineDelete("/api/subscriptions/{id}", OperationId = "Unsubscribe")]
    [Authorize(Roles = $"{ProgramOfficer},{Agency}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Delete(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (subscription, problem) = await SubscriptionAccess.FindAsync(id, user, session, cancellationToken);
        if (subscription is null)
        {
            return Results.Problem(problem!);
        }

        if (subscription.DeletedAt is null)
        {
            session.Store(subscription with { DeletedAt = clock.GetUtcNow() });
        }

        return Results.NoContent();
    }
}
