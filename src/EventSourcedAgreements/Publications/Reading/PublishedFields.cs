using System.Text.RegularExpressions;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Publications.Reading;

internal static partial class PublishedFields
{
    public static string Collapse(string? text) =>
        text is null ? string.Empty : Whitespace().Replace(text, " ").Trim();

    private const string SeenInIceLists = "seen in ICE's lists";

    private static readonly Dictionary<string, string> StateMisspellings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WEST VIRIGINIA"] = "WV",
        ["PENNSLYVANIA"] = "PA",
    };

    private static readonly Dictionary<string, SupportModel> ModelVariants = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Warrant Services Officer"] = SupportModel.WSO,
        ["Task Force Officer"] = SupportModel.TFM,
        ["Warrant Service Office"] = SupportModel.WSO,
        ["Jail Enforcment Model"] = SupportModel.JEM,
    };

    public static IEnumerable<string> StateSpellings =>
        UsState.All.Select(state => state.Name.ToUpperInvariant()).Concat(StateMisspellings.Keys);

    public static IEnumerable<string> ModelSpellings =>
        Enum.GetValues<SupportModel>().Select(model => model.PublishedName()).Concat(ModelVariants.Keys);

    public static bool TryReadState(string? text, out UsState state, out string? interpretation, out string problem)
    {
        var collapsed = Collapse(text);
        interpretation = null;
        problem = collapsed.Length == 0 ? "state is empty" : $"unknown state '{collapsed}'";
        if (UsState.TryParse(collapsed, out state))
        {
            return true;
        }

        if (StateMisspellings.TryGetValue(collapsed, out var code))
        {
            state = UsState.FromCode(code);
            interpretation = $"state '{collapsed}' read as {state.Name} (a misspelling {SeenInIceLists})";
            return true;
        }

        var nearest = Spellings.Closest(collapsed, UsState.All, candidate => candidate.Name);
        if (nearest is { Candidates: [var closest] })
        {
            state = closest;
            interpretation = $"state '{collapsed}' read as {closest.Name}, the closest state name ({Spellings.Letters(nearest.Distance)} off)";
            return true;
        }

        if (nearest is not null)
        {
            problem += $" (as close to {string.Join(" as to ", nearest.Candidates.Select(candidate => candidate.Name))})";
        }

        return false;
    }

    public static bool TryReadModel(string? text, out SupportModel model, out string? interpretation, out string problem)
    {
        var collapsed = Collapse(text);
        interpretation = null;
        problem = collapsed.Length == 0 ? "support type is empty" : $"unknown support type '{collapsed}'";
        if (SupportModels.TryParse(collapsed, out model))
        {
            return true;
        }

        if (ModelVariants.TryGetValue(collapsed, out model))
        {
            interpretation = $"support type '{collapsed}' read as {model.PublishedName()} (a variant {SeenInIceLists})";
            return true;
        }

        var nearest = Spellings.Closest(collapsed, Enum.GetValues<SupportModel>(), candidate => candidate.PublishedName());
        if (nearest is { Candidates: [var closest] })
        {
            model = closest;
            interpretation = $"support type '{collapsed}' read as {closest.PublishedName()}, the closest support type ({Spellings.Letters(nearest.Distance)} off)";
            return true;
        }

        if (nearest is not null)
        {
            problem += $" (as close to {string.Join(" as to ", nearest.Candidates.Select(candidate => candidate.PublishedName()))})";
        }

        return false;
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

    public static bool NamesAddendum(string? text) => AddendumSuffix().IsMatch(Collapse(text));

    public static bool IsWebAddress(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*\(\s*addendum\b[^)]*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex AddendumSuffix();
}
