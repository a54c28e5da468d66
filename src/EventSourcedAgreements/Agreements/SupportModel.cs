namespace EventSourcedAgreements.Agreements;

public enum SupportModel
{
    JEM,
    WSO,
    TFM,
}

public static class SupportModels
{
    public static string PublishedName(this SupportModel model) => model switch
    {
        SupportModel.JEM => "Jail Enforcement Model",
        SupportModel.WSO => "Warrant Service Officer",
        SupportModel.TFM => "Task Force Model",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    public static bool TryParse(string? text, out SupportModel model)
    {
        model = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var candidate in Enum.GetValues<SupportModel>())
        {
            if (trimmed.Equals(candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                || trimmed.Equals(candidate.PublishedName(), StringComparison.OrdinalIgnoreCase))
            {
                model = candidate;
                return true;
            }
        }

        return false;
    }
}
