using System.Text.RegularExpressions;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Publications.Reading;

internal static partial class PublishedFields
{
    public static string Collapse(string? text) =>
        text is null ? string.Empty : Whitespace().Replace(text, " ").Trim();

    public static bool TryReadState(string? text, out UsState state, out string problem)
    {
        var collapsed = Collapse(text);
        problem = collapsed.Length == 0 ? "state is empty" : $"unknown state '{collapsed}'";
        return UsState.TryParse(collapsed, out state);
    }

    public static bool TryReadModel(string? text, out SupportModel model, out string problem)
    {
        var collapsed = Collapse(text);
        problem = collapsed.Length == 0 ? "support type is empty" : $"unknown support type '{collapsed}'";
        return SupportModels.TryParse(collapsed, out model);
    }

    public static bool TryReadAgencyName(string? text, out string name, out string? interpretation, out string problem)
    {
        var collapsed = Collapse(text);
        var suffix = AddendumSuffix().Match(collapsed);
        name = suffix.Success ? collapsed[..suffix.Index] : collapsed;
        interpretation = suffix.Success ? $"agency name '{collapsed}' read as '{name}'" : null;
        problem = "agency name is empty";
        return name.Length > 0;
    }

    public static bool IsWebAddress(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*\(\s*addendum\b[^)]*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex AddendumSuffix();
}
