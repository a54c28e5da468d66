using Wolverine.Persistence;

namespace EventSourcedAgreements.Officers;

/// <summary>Loads the officer named by the route's <c>{id}</c> for writing, answering 404 ProblemDetails when there is none.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class WriteOfficerAttribute : WriteAggregateAttribute
{
    public WriteOfficerAttribute()
        : base("id")
    {
        OnMissing = OnMissing.ProblemDetailsWith404;
        MissingMessage = "No officer has the id {Id}.";
    }
}
