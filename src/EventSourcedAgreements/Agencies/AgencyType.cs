using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Agencies;

public enum AgencyType
{
    County,
    Municipality,
    State,
    Tribal,
}

public static class AgencyTypes
{
    public static bool TryParse(string? text, out AgencyType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var collapsed = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (collapsed.Equals("StateAgency", StringComparison.OrdinalIgnoreCase))
        {
            type = AgencyType.State;
            return true;
        }

        return EnumNames.TryParse(collapsed, out type);
    }
}
