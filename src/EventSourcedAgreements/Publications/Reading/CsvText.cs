using System.Text;

namespace EventSourcedAgreements.Publications.Reading;

internal sealed record CsvRecord(int Line, string Text, List<string> Fields)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

internal static class CsvText
{
    public static SheetTable ToSheet(IEnumerable<CsvRecord> records) =>
        new(
            [.. records.Select(record => new SheetRow(
                record.Line,
                record.Fields.Select((field, index) => (Column: index + 1, Cell: field.Length == 0 ? SheetCell.Empty : new SheetCell(field, SheetCellKind.Text)))
                    .ToDictionary(cell => cell.Column, cell => cell.Cell),
                record.Text))],
            Hyperlinks: [],
            Date1904: false,
            IsCsv: true);

    public static IEnumerable<CsvRecord> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var recordStart = 0;
        var quoted = false;
        var position = 0;
        while (position < text.Length)
        {
            var c = text[position];
            if (quoted)
            {
                if (c == '"' && position + 1 < text.Length && text[position + 1] == '"')
                {
                    field.Append('"');
                    position++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                yield return new CsvRecord(recordLine, text[recordStart..position].TrimEnd('\r'), [.. fields]);
                fields.Clear();
                field.Clear();
                line++;
                recordLine = line;
                recordStart = position + 1;
            }
            else if (c != '\r' || position + 1 >= text.Length || text[position + 1] != '\n')
            {
                field.Append(c);
            }

            position++;
        }

        if (quoted)
        {
            throw new UnreadablePublicationException($"A quoted field opened on line {recordLine} is never closed.");
        }

        if (recordStart < text.Length)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, text[recordStart..].TrimEnd('\r'), [.. fields]);
        }
    }
}
