using System.Globalization;
using System.Text.RegularExpressions;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed partial class RealListTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Data", "publications");

    public static TheoryData<string> PublishedLists() =>
        [.. Directory.GetFiles(Folder).Select(Path.GetFileName).OfType<string>().Where(name => PublishedOn(name) is not null).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(PublishedLists))]
    public void every_real_list_reads_without_skipping_a_row(string name)
    {
        var publication = PublishedFiles.Read(name, PublishedOn(name)!.Value);

        publication.Notes.Where(note => note.Kind == NoteKind.Skipped).ShouldBeEmpty();
        publication.Kind.ShouldBe(name.Contains("pending", StringComparison.Ordinal) ? PublicationKind.Pending : PublicationKind.Participating);
    }

    private static DateOnly? PublishedOn(string name) =>
        DatedName().Match(name) is { Success: true } dated
            ? DateOnly.ParseExact(dated.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"^ice-287g-[a-z]+-(?<date>\d{4}-\d{2}-\d{2})\.")]
    private static partial Regex DatedName();
}
