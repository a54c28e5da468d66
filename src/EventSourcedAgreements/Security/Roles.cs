namespace EventSourcedAgreements.Security;

public static class Roles
{
    public const string Agency = "agency";
    public const string ProgramOfficer = "program-officer";
    public const string Auditor = "auditor";

    public static readonly string[] All = [Agency, ProgramOfficer, Auditor];
}

/// <summary>
/// The claims as the service reads them once a token is validated: the role and the name under the names
/// <c>Auth:RoleClaim</c> and <c>Auth:NameClaim</c> configure (the identity's role and name claim types), the agency id
/// always under <see cref="Agency"/>, copied there from <c>Auth:AgencyClaim</c> (<see cref="SecurityFeature"/>). They are
/// also the default names a token sends them under.
/// </summary>
public static class ClaimNames
{
    public const string Name = "name";
    public const string Role = "role";
    public const string Agency = "agency";
}
