using Microsoft.AspNetCore.Mvc;

namespace EventSourcedAgreements.Agreements;

public static class NotFound
{
    public static ProblemDetails Agreement(Guid id) => Problem("Unknown agreement", $"No agreement has the id {id}.");

    public static ProblemDetails Publication(Guid id) => Problem("Unknown publication", $"No imported publication has the id {id}.");

    public static ProblemDetails Agency(string agencyId) => Problem("Unknown agency", $"No agency has the id '{agencyId}'.");

    public static ProblemDetails Anchor(long number) => Problem("Unknown anchor", $"No anchor {number} has been sealed.");

    private static ProblemDetails Problem(string title, string detail) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = title,
        Detail = detail,
        Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
    };
}
