namespace EventSourcedAgreements.Agreements;

/// <summary>Reads an enum from its name only, ignoring case and surrounding spaces; numbers are not names.</summary>
public static class EnumNames
{
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        var trimmed = text?.Trim();
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(trimmed, StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out value);
    }
}
