using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Publications.Reading;

internal sealed class PublicationBuilder(PublicationKind kind)
{
    private readonly List<PublishedRow> rows = [];
    private readonly List<RowNote> notes = [];
    private readonly Dictionary<(string AgencyId, SupportModel Model), int> firstLines = [];

    public void Skip(int line, string text, string reason) =>
        notes.Add(new RowNote(line, text, NoteKind.Skipped, reason));

    public void Note(int line, string text, string reason) =>
        notes.Add(new RowNote(line, text, NoteKind.Interpreted, reason));

    public void Add(PublishedRow row, string text, IEnumerable<string> interpretations)
    {
        if (!firstLines.TryAdd((row.AgencyId, row.Model), row.Line))
        {
            Skip(row.Line, text, $"duplicate of line {firstLines[(row.AgencyId, row.Model)]} ({row.AgencyName}, {row.Model})");
            return;
        }

        rows.Add(row);
        notes.AddRange(interpretations.Select(reason => new RowNote(row.Line, text, NoteKind.Interpreted, reason)));
    }

    public PublicationContent Build() => new(kind, rows.AsReadOnly(), notes.AsReadOnly());
}
