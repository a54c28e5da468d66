using Wolverine.Marten;

namespace EventSourcedAgreements.Agreements;

/// <summary>What a command answers: the agreement's id, its status and the version to send as <c>expectedVersion</c> next.</summary>
public sealed record AgreementAccepted(Guid Id, AgreementStatus Status, int Version)
{
    public static AgreementAccepted After(Agreement agreement) => new(agreement.Id, agreement.Status, agreement.Version);
}

public static class DecisionResults
{
    /// <summary>Turns a decision on <paramref name="agreement"/> into the HTTP answer and the events to append.</summary>
    public static (IResult, Events) Respond(this Agreement agreement, Decision decision)
    {
        if (decision.Problem is { } problem)
        {
            return (Results.Problem(problem), []);
        }

        var after = decision.Events.Aggregate(agreement, (current, @event) => current.Next(@event));
        return (Results.Ok(AgreementAccepted.After(after)), [.. decision.Events]);
    }
}
