using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Officers;

/// <summary>What an officer command answers: the officer's id, status and the version to send as <c>expectedVersion</c> next. Never a name.</summary>
public sealed record OfficerAccepted(Guid Id, OfficerStatus Status, int Version)
{
    public static OfficerAccepted After(Officer officer) => new(officer.Id, officer.Status, officer.Version);
}

public static class OfficerDecisionResults
{
    /// <summary>Turns a decision on <paramref name="officer"/> into the HTTP answer and the events to append, <c>If-Match</c> checked first.</summary>
    public static (IResult, Events) Respond(this Officer officer, Decision decision, string? ifMatch = null)
    {
        if ((EntityTags.Precondition(ifMatch, officer.Version, "officer") ?? decision.Problem) is { } problem)
        {
            return (Results.Problem(problem), []);
        }

        var after = decision.Events.Aggregate(officer, (current, @event) => current.Next(@event));
        return (EntityTags.Tagged(Results.Ok(OfficerAccepted.After(after)), after.Version), [.. decision.Events]);
    }
}
