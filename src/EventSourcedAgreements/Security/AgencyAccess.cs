using System.Security.Claims;

namespace EventSourcedAgreements.Security;

/// <summary>An agency's users act only on their own agency's agreements; the program office acts on all.</summary>
public static class AgencyAccess
{
    /// <summary>The 403 when <paramref name="user"/> may not act on agency <paramref name="agencyId"/>'s records; null when it may (for an endpoint that loads the record itself).</summary>
    public static ProblemDetails? Refusal(ClaimsPrincipal user, string agencyId) =>
        Check(user, agencyId) is var access && ReferenceEquals(access, WolverineContinue.NoProblems) ? null : access;

    /// <summary>What Wolverine's <c>Before</c>/<c>Validate</c> answers: no problems, or the 403.</summary>
    public static ProblemDetails Check(ClaimsPrincipal user, string agencyId)
    {
        if (user.IsInRole(Roles.ProgramOfficer) || !user.IsInRole(Roles.Agency))
        {
            return WolverineContinue.NoProblems;
        }

        var own = user.FindFirstValue(ClaimNames.Agency);
        return string.Equals(own, agencyId, StringComparison.Ordinal)
            ? WolverineContinue.NoProblems
            : new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not your agency",
                Detail = own is null
                    ? "The token has the agency role but no agency claim."
                    : $"The token speaks for agency '{own}', not '{agencyId}'.",
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
            };
    }
}
