using System.Globalization;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Publications.Reading;

internal sealed class PublicationBuilder(PublicationKind kind, DateOnly? publishedOn)
{
    private readonly List<(PublishedRow Row, string Text)> rows = [];
    private readonly List<RowNote> notes = [];
    private readonly Dictionary<(string AgencyId, SupportModel Model), int> positions = [];

    public void Skip(int line, string text, string reason) =>
        notes.Add(new RowNote(line, text, NoteKind.Skipped, reason));

    public void Note(int line, string text, string reason) =>
        notes.Add(new RowNote(line, text, NoteKind.Interpreted, reason));

    public void Add(PublishedRow row, string text, IEnumerable<string> interpretations, string? moaDocument = null, bool addendum = false)
    {
        var readings = interpretations.ToList();
        if (row.SignedOn is { } printed)
        {
            var signing = SigningEvidence.Weigh(printed, row.Model, moaDocument ?? row.MoaUrl, addendum, publishedOn);
            row = row with { SignedOn = signing.SignedOn, Dispute = signing.Dispute };
            readings.AddRange(new[] { signing.Note }.OfType<string>());
        }

        if (positions.TryGetValue((row.AgencyId, row.Model), out var position))
        {
            AddAgain(position, row, text);
            return;
        }

        positions.Add((row.AgencyId, row.Model), rows.Count);
        rows.Add((row, text));
        readings.ForEach(reason => Note(row.Line, text, reason));
    }

    public PublicationContent Build() =>
        new(kind, rows.Select(added => added.Row).ToList().AsReadOnly(), notes.OrderBy(note => note.Line).ToList().AsReadOnly());

    private void AddAgain(int position, PublishedRow row, string text)
    {
        var (first, firstText) = rows[position];
        var differences = Differences(first, row);
        if (differences.Count == 0)
        {
            Note(row.Line, text, $"repeats line {first.Line} ({row.AgencyName}, {row.Model}); read once");
            return;
        }

        Skip(row.Line, text, $"duplicate of line {first.Line} ({row.AgencyName}, {row.Model}) that differs in {string.Join(", ", differences)}; only line {first.Line} is read");
        if (row.SignedOn != first.SignedOn)
        {
            var dispute = $"line {row.Line} gives SIGNED {Iso(row.SignedOn)} for the same agreement";
            rows[position] = (first with { Dispute = first.Dispute is null ? dispute : $"{first.Dispute}; {dispute}" }, firstText);
            Note(first.Line, firstText, $"disputed: {dispute}");
        }
    }

    private static List<string> Differences(PublishedRow first, PublishedRow again)
    {
        var differences = new List<string>();
        if (again.SignedOn != first.SignedOn)
        {
            differences.Add($"SIGNED {Iso(again.SignedOn)}");
        }

        if (Moa(again) != Moa(first))
        {
            differences.Add($"MOA {Moa(again)}");
        }

        if (again.AgencyType != first.AgencyType)
        {
            differences.Add($"TYPE {again.AgencyType?.ToString() ?? "none"}");
        }

        if (again.County != first.County)
        {
            differences.Add($"COUNTY {again.County ?? "none"}");
        }

        return differences;
    }

    private static string Moa(PublishedRow row) => row.MoaUrl ?? (row.MoaPosted ? "posted" : "not posted");

    private static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";
}
