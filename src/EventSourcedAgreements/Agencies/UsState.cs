using System.Collections.Frozen;

namespace EventSourcedAgreements.Agencies;

public sealed record UsState(string Code, string Name)
{
    public static IReadOnlyList<UsState> All { get; } =
    [
        new("AL", "Alabama"), new("AK", "Alaska"), new("AZ", "Arizona"), new("AR", "Arkansas"),
        new("CA", "California"), new("CO", "Colorado"), new("CT", "Connecticut"), new("DE", "Delaware"),
        new("DC", "District of Columbia"), new("FL", "Florida"), new("GA", "Georgia"), new("HI", "Hawaii"),
        new("ID", "Idaho"), new("IL", "Illinois"), new("IN", "Indiana"), new("IA", "Iowa"),
        new("KS", "Kansas"), new("KY", "Kentucky"), new("LA", "Louisiana"), new("ME", "Maine"),
        new("MD", "Maryland"), new("MA", "Massachusetts"), new("MI", "Michigan"), new("MN", "Minnesota"),
        new("MS", "Mississippi"), new("MO", "Missouri"), new("MT", "Montana"), new("NE", "Nebraska"),
        new("NV", "Nevada"), new("NH", "New Hampshire"), new("NJ", "New Jersey"), new("NM", "New Mexico"),
        new("NY", "New York"), new("NC", "North Carolina"), new("ND", "North Dakota"), new("OH", "Ohio"),
        new("OK", "Oklahoma"), new("OR", "Oregon"), new("PA", "Pennsylvania"), new("RI", "Rhode Island"),
        new("SC", "South Carolina"), new("SD", "South Dakota"), new("TN", "Tennessee"), new("TX", "Texas"),
        new("UT", "Utah"), new("VT", "Vermont"), new("VA", "Virginia"), new("WA", "Washington"),
        new("WV", "West Virginia"), new("WI", "Wisconsin"), new("WY", "Wyoming"),
        new("AS", "American Samoa"), new("GU", "Guam"), new("MP", "Northern Mariana Islands"),
        new("PR", "Puerto Rico"), new("VI", "U.S. Virgin Islands"),
    ];

    private static readonly FrozenDictionary<string, UsState> ByCodeOrName = BuildLookup();

    public static bool TryParse(string? text, out UsState state)
    {
        state = null!;
        return text is not null && ByCodeOrName.TryGetValue(Collapse(text), out state!);
    }

    public static UsState FromCode(string code) =>
        TryParse(code, out var state) ? state : throw new ArgumentException($"'{code}' is not a US state code.", nameof(code));

    private static FrozenDictionary<string, UsState> BuildLookup()
    {
        var lookup = new Dictionary<string, UsState>(StringComparer.OrdinalIgnoreCase);
        foreach (var state in All)
        {
            lookup[state.Code] = state;
            lookup[Collapse(state.Name)] = state;
        }

        lookup[Collapse("Virgin Islands")] = FromList("VI");
        lookup[Collapse("US Virgin Islands")] = FromList("VI");
        lookup[Collapse("Washington DC")] = FromList("DC");
        lookup[Collapse("Washington, D.C.")] = FromList("DC");
        return lookup.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

        UsState FromList(string code) => All.Single(s => s.Code == code);
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
