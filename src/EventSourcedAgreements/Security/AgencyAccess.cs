using System.Security.Claims;

namespace EventSourcedAgreements.Security;

/// <summary>An agency's users act only on their own agency's agreements; the program office acts on all.</summary>
public static class AgencyAccess
{
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
