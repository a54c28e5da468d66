using System.Globalization;
using System.Text.RegularExpressions;

namespace EventSourcedAgreements.Publications.Importing;

/// <summary>A list in a folder of lists, dated by its file name (<c>ice-287g-participating-2025-07-18.xlsx</c>).</summary>
public sealed record DatedList(string Path, DateOnly PublishedOn);

/// <summary>
/// A folder of published lists, as <c>data/publications</c> holds them: each named with the date ICE published it.
/// They import in date order (a participating list before the pending list of its date), though any order gives the
/// same record.
/// </summary>
public static partial class ListFolder
{
    public static (IReadOnlyList<DatedList> Lists, IReadOnlyList<string> Undated) Read(string directory)
    {
        var lists = new List<DatedList>();
        var undated = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory).Where(path => !Path.GetFileName(path).Equals("README.md", StringComparison.OrdinalIgnoreCase)))
        {
            if (DateInName().Match(Path.GetFileName(path)) is { Success: true } match
                && DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var publishedOn))
            {
                lists.Add(new DatedList(path, publishedOn));
            }
            else
            {
                undated.Add(path);
            }
        }

        return ([.. lists.OrderBy(l => l.PublishedOn).ThenBy(l => Path.GetFileName(l.Path).Contains("pending", StringComparison.OrdinalIgnoreCase)).ThenBy(l => l.Path, StringComparer.Ordinal)], undated);
    }

    /// <summary>One line for an import: its date and file, then what it changed, or why it did not import.</summary>
    public static string Summary(DatedList list, ImportOutcome outcome) => outcome switch
    {
        { Report: { AlreadyImported: true } } => $"{list.PublishedOn:yyyy-MM-dd} {Path.GetFileName(list.Path)}: already imported",
        { Report: { } report } => $"{list.PublishedOn:yyyy-MM-dd} {Path.GetFileName(list.Path)}: {report.Kind}, {report.Rows} rows; "
            + string.Join(", ", report.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")),
        { Problem: { } problem } => $"{list.PublishedOn:yyyy-MM-dd} {Path.GetFileName(list.Path)}: not imported: {problem.Title}: {problem.Detail}",
        _ => throw new InvalidOperationException("An import outcome holds a report or a problem."),
    };

    [GeneratedRegex(@"(?<date>\d{4}-\d{2}-\d{2})\.[A-Za-z]+$")]
    private static partial Regex DateInName();
}
