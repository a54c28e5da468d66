namespace EventSourcedAgreements.Core;

/// <summary>The outcome of a pure decision: the events to append, or the problem that appends nothing.</summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<object> events, ProblemDetails? problem)
    {
        Events = events;
        Problem = problem;
    }

    public IReadOnlyList<object> Events { get; }

    public ProblemDetails? Problem { get; }

    public bool IsAccepted => Problem is null;

    public static Decision Accept(params object[] events) => new(events, null);

    public static Decision Reject(ProblemDetails problem) => new([], problem);

    public static implicit operator Decision(ProblemDetails problem) => Reject(problem);
}
