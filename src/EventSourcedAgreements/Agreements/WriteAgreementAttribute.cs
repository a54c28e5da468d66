using Wolverine.Persistence;

namespace EventSourcedAgreements.Agreements;

/// <summary>Loads the agreement named by the route's <c>{id}</c> for writing, answering 404 ProblemDetails when there is none.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class WriteAgreementAttribute : WriteAggregateAttribute
{
    public WriteAgreementAttribute()
        : base("id")
    {
        OnMissing = OnMissing.ProblemDetailsWith404;
        MissingMessage = "No agreement has the id {Id}.";
    }
}
