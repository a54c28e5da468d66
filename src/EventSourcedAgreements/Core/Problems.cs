namespace EventSourcedAgreements.Core;

/// <summary>The 404 answers: an id the record does not hold.</summary>
public static class NotFound
{
    public static ProblemDetails Agreement(Guid id) => Problem("Unknown agreement", $"No agreement has the id {id}.");

    public static ProblemDetails Officer(Guid id) => Problem("Unknown officer", $"No officer has the id {id}.");

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

/// <summary>The 409 answer every rule gives: what the record holds refuses the command, and nothing is appended.</summary>
public static class Problems
{
    public static ProblemDetails Conflict(string title, string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = title,
        Detail = detail,
        Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
    };
}
