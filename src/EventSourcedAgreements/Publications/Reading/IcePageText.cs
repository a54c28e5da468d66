using System.Text.RegularExpressions;

namespace EventSourcedAgreements.Publications.Reading;

internal static partial class IcePageText
{
    private const string TableTitle = "Mutually Signed Agreements";
    private const string MoaPostedMarker = "link";

    public static bool HasTable(string text) => text.Contains(TableTitle, StringComparison.OrdinalIgnoreCase);

    public static PublicationContent Read(string text, DateOnly? publishedOn)
    {
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        var title = Array.FindIndex(lines, line => PublishedFields.Collapse(line).Equals(TableTitle, StringComparison.OrdinalIgnoreCase));
        if (title < 0)
        {
            throw new UnreadablePublicationException($"The page has no table \"{TableTitle}\".");
        }

        var header = title + 1;
        if (header >= lines.Length || !IsHeader(lines[header]))
        {
            throw new UnreadablePublicationException(
                $"The table \"{TableTitle}\" does not start with the header STATE, LAW ENFORCEMENT AGENCY, SUPPORT TYPE, SIGNED.");
        }

        var publication = new PublicationBuilder(PublicationKind.Participating, publishedOn);
        for (var index = header + 1; index < lines.Length && !string.IsNullOrWhiteSpace(lines[index]); index++)
        {
            ReadRow(index + 1, lines[index], publication);
        }

        return publication.Build();
    }

    private static bool IsHeader(string line)
    {
        var header = PublishedFields.Collapse(line).ToUpperInvariant();
        return header.StartsWith("STATE", StringComparison.Ordinal)
            && header.Contains("LAW ENFORCEMENT AGENCY", StringComparison.Ordinal)
            && header.Contains("SUPPORT TYPE", StringComparison.Ordinal)
            && header.Contains("SIGNED", StringComparison.Ordinal);
    }

    private static void ReadRow(int line, string text, PublicationBuilder publication)
    {
        var row = PublishedFields.Collapse(text);
        var moaPosted = row.EndsWith(MoaPostedMarker, StringComparison.OrdinalIgnoreCase);
        var beforeMoa = moaPosted ? row[..^MoaPostedMarker.Length].TrimEnd() : row;

        var signed = TrailingDate().Match(beforeMoa);
        if (!signed.Success)
        {
            publication.Skip(line, text, "no SIGNED date at the end of the row");
            return;
        }

        var date = SignedDates.FromText(signed.Value);
        if (date.Date is not { } signedOn)
        {
            publication.Skip(line, text, date.Note!);
            return;
        }

        var stateAgencyAndModel = beforeMoa[..signed.Index].TrimEnd();
        var modelSpelling = PublishedFields.ModelSpellings
            .Where(spelling => stateAgencyAndModel.EndsWith(spelling, StringComparison.OrdinalIgnoreCase))
            .MaxBy(spelling => spelling.Length);
        if (modelSpelling is null)
        {
            publication.Skip(line, text, $"unknown support type at the end of '{stateAgencyAndModel}'");
            return;
        }

        var stateAndAgency = stateAgencyAndModel[..^modelSpelling.Length];
        var stateSpelling = PublishedFields.StateSpellings
            .Where(spelling => stateAndAgency.StartsWith(spelling, StringComparison.Ordinal))
            .MaxBy(spelling => spelling.Length);
        if (stateSpelling is null)
        {
            publication.Skip(line, text, $"unknown state '{CapitalsBeforeAgency(stateAndAgency)}'");
            return;
        }

        PublishedFields.TryReadState(stateSpelling, out var state, out var stateInterpretation, out _);
        PublishedFields.TryReadModel(stateAgencyAndModel[^modelSpelling.Length..], out var model, out var modelInterpretation, out _);
        var agencyText = stateAndAgency[stateSpelling.Length..];
        if (!PublishedFields.TryReadAgencyName(agencyText, out var agency, out var nameInterpretation, out var nameProblem))
        {
            publication.Skip(line, text, nameProblem);
            return;
        }

        var interpretations = new[] { stateInterpretation, nameInterpretation, modelInterpretation, date.Note }.OfType<string>();
        publication.Add(
            new PublishedRow(line, state, agency, AgencyType: null, County: null, model, signedOn, MoaUrl: null, moaPosted),
            text,
            interpretations);
    }

    private static string CapitalsBeforeAgency(string stateAndAgency)
    {
        var capitals = LeadingCapitals().Match(stateAndAgency).Value;
        var agencyStartsWithCapital = capitals.Length > 1 && capitals.Length < stateAndAgency.Length
            && char.IsLower(stateAndAgency[capitals.Length]);
        return (agencyStartsWithCapital ? capitals[..^1] : capitals).Trim();
    }

    [GeneratedRegex(@"\d[\d/.\-]*\d$")]
    private static partial Regex TrailingDate();

    [GeneratedRegex(@"^[\p{Lu} .]+")]
    private static partial Regex LeadingCapitals();
}
