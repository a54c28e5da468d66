using System.Globalization;
using System.Text.RegularExpressions;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Publications.Reading;

internal sealed record SigningReading(DateOnly SignedOn, string? Note, string? Dispute);

public static partial class SigningEvidence
{
    private static readonly DateOnly FirstAgreementYear = new(2002, 1, 1);
    private static readonly DateOnly LastPlausible = new(2099, 12, 31);
    private static readonly DateOnly TaskForceEnded = new(2012, 12, 31);
    private static readonly DateOnly TaskForceReturned = new(2025, 1, 1);

    /// <summary>Two printed dates are one signing by the importer's rule (<see cref="Agreement.IsCorrection"/>), whichever came first.</summary>
    public static bool AreOneSigning(DateOnly first, DateOnly second) =>
        first <= second ? Agreement.IsCorrection(first, second) : Agreement.IsCorrection(second, first);

    internal static SigningReading Weigh(DateOnly printed, SupportModel model, string? moaDocument, bool addendum, DateOnly? publishedOn)
    {
        var printedDoubts = Doubts(printed, model, publishedOn);
        var fileName = FileName(moaDocument);
        if (fileName is null || DateIn(fileName) is not { } filed)
        {
            return printedDoubts is null ? new(printed, null, null) : Disputed(printed, $"SIGNED {Iso(printed)} {printedDoubts}");
        }

        var filedDoubts = Doubts(filed, model, publishedOn);
        var agree = AreOneSigning(printed, filed) || (addendum && filed < printed);
        var fromFile = $"{Iso(filed)}, the date in the MOA file name '{fileName}'";
        return (printedDoubts, filedDoubts) switch
        {
            (null, _) when agree => new(printed, null, null),
            (not null, null) => new(filed, $"SIGNED {Iso(printed)} read as {fromFile}: {Iso(printed)} {printedDoubts}", null),
            (null, not null) => new(printed, $"SIGNED {Iso(printed)} read as printed: {fromFile}, {filedDoubts}", null),
            (null, null) => Disputed(printed, $"SIGNED {Iso(printed)} disagrees with {fromFile}"),
            _ => Disputed(printed, $"SIGNED {Iso(printed)} {printedDoubts}; {fromFile}, {filedDoubts}"),
        };
    }

    internal static DateOnly? DateIn(string fileName)
    {
        var dates = DatePatterns()
            .SelectMany(pattern => pattern.Matches(Path.GetFileNameWithoutExtension(fileName)))
            .SelectMany(DatesOf)
            .Distinct()
            .ToList();
        return dates.Count == 1 ? dates[0] : null;
    }

    private static SigningReading Disputed(DateOnly printed, string dispute) => new(printed, $"disputed: {dispute}", dispute);

    private static string? Doubts(DateOnly date, SupportModel model, DateOnly? publishedOn)
    {
        var doubts = new List<string>();
        if (date < FirstAgreementYear)
        {
            doubts.Add("is before 2002, when the first 287(g) agreement was signed");
        }

        if (publishedOn is { } published && date > published)
        {
            doubts.Add($"is after the list's publication ({Iso(published)})");
        }
        else if (date > LastPlausible)
        {
            doubts.Add("is after 2099");
        }

        if (model == SupportModel.TFM && date > TaskForceEnded && date < TaskForceReturned)
        {
            doubts.Add($"falls between the Task Force Model's end ({Iso(TaskForceEnded)}) and its return in {TaskForceReturned.Year}");
        }

        return doubts.Count == 0 ? null : string.Join(" and ", doubts);
    }

    private static string? FileName(string? moaDocument)
    {
        var text = PublishedFields.Collapse(moaDocument);
        if (text.Length == 0)
        {
            return null;
        }

        var path = Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? Uri.UnescapeDataString(address.AbsolutePath)
            : text;
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.Length == 0 ? null : name;
    }

    private static IEnumerable<DateOnly> DatesOf(Match match)
    {
        var digits = match.Groups["digits"].Value;
        (string Year, string Month, string Day)[] candidates = digits.Length switch
        {
            8 => [(digits[..4], digits[4..6], digits[6..]), (digits[4..], digits[..2], digits[2..4])],
            6 => [($"20{digits[4..]}", digits[..2], digits[2..4])],
            _ => [(Year(match.Groups["year"].Value), match.Groups["month"].Value, match.Groups["day"].Value)],
        };
        foreach (var (year, month, day) in candidates)
        {
            if (year.Length == 4 && (year.StartsWith("19", StringComparison.Ordinal) || year.StartsWith("20", StringComparison.Ordinal))
                && DateOnly.TryParseExact($"{year}-{month.PadLeft(2, '0')}-{day.PadLeft(2, '0')}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                yield return date;
            }
        }
    }

    private static string Year(string year) => year.Length == 2 ? $"20{year}" : year;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IEnumerable<Regex> DatePatterns() => [YearFirst(), MonthFirst(), Compact()];

    [GeneratedRegex(@"(?<!\d)(?<year>(19|20)\d{2})[-._](?<month>\d{1,2})[-._](?<day>\d{1,2})(?!\d)")]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"(?<!\d)(?<month>\d{1,2})[-._](?<day>\d{1,2})[-._](?<year>\d{4}|\d{2})(?!\d)")]
    private static partial Regex MonthFirst();

    [GeneratedRegex(@"(?<!\d)(?<digits>\d{8}|\d{6})(?!\d)")]
    private static partial Regex Compact();
}
