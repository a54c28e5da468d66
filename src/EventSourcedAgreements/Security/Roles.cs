namespace EventSourcedAgreements.Security;

public static class Roles
{
    public const string Agency = "agency";
    public const string ProgramOfficer = "program-officer";
    public const string Auditor = "auditor";

    public static readonly string[] All = [Agency, ProgramOfficer, Auditor];
}

public static class ClaimNames
{
    public const string Name = "name";
    public const string Role = "role";
    public const string Agency = "agency";
}
