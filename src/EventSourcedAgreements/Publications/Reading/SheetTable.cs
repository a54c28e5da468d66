using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EventSourcedAgreements.Publications.Reading;

internal enum SheetCellKind
{
    Empty,
    Text,
    Number,
    Error,
}

internal sealed record SheetCell(string Text, SheetCellKind Kind)
{
    public static SheetCell Empty { get; } = new(string.Empty, SheetCellKind.Empty);
}

internal sealed record SheetRow(int Number, IReadOnlyDictionary<int, SheetCell> Cells, string? SourceText = null)
{
    public bool IsBlank => Cells.Values.All(cell => string.IsNullOrWhiteSpace(cell.Text));

    public string Text => SourceText ?? string.Join(" | ", Cells.OrderBy(cell => cell.Key).Select(cell => PublishedFields.Collapse(cell.Value.Text)).Where(text => text.Length > 0));

    public SheetCell this[int column] => Cells.GetValueOrDefault(column, SheetCell.Empty);
}

internal sealed record SheetHyperlink(int FirstRow, int FirstColumn, int LastRow, int LastColumn, string Target)
{
    public bool Covers(int row, int column) => row >= FirstRow && row <= LastRow && column >= FirstColumn && column <= LastColumn;
}

internal sealed record SheetTable(IReadOnlyList<SheetRow> Rows, IReadOnlyList<SheetHyperlink> Hyperlinks, bool Date1904, bool IsCsv = false)
{
    public string? HyperlinkAt(int row, int column) => Hyperlinks.FirstOrDefault(link => link.Covers(row, column))?.Target;

    public static SheetTable ReadFirstWorksheet(WorkbookPart workbook)
    {
        var firstSheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
            ?? throw new UnreadablePublicationException("The workbook lists no sheet.");
        if (firstSheet.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart worksheet)
        {
            throw new UnreadablePublicationException($"The first sheet '{firstSheet.Name}' is not a worksheet.");
        }

        var sharedStrings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(TextOf).ToList() ?? [];
        var rows = ReadRows(worksheet.Worksheet.GetFirstChild<SheetData>(), sharedStrings);
        var date1904 = workbook.Workbook?.WorkbookProperties?.Date1904?.Value ?? false;
        return new SheetTable(rows, ReadHyperlinks(worksheet), date1904);
    }

    private static List<SheetRow> ReadRows(SheetData? sheetData, List<string> sharedStrings)
    {
        var rows = new List<SheetRow>();
        var rowNumber = 0;
        foreach (var row in sheetData?.Elements<Row>() ?? [])
        {
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            var cells = new Dictionary<int, SheetCell>();
            var column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                column = CellPosition.Parse(cell.CellReference?.Value)?.Column ?? column + 1;
                cells[column] = ReadCell(cell, sharedStrings);
            }

            rows.Add(new SheetRow(rowNumber, cells));
        }

        return [.. rows.OrderBy(row => row.Number)];
    }

    private static SheetCell ReadCell(Cell cell, List<string> sharedStrings)
    {
        var value = cell.CellValue?.Text ?? string.Empty;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, out var index) && index >= 0 && index < sharedStrings.Count
                ? new SheetCell(sharedStrings[index], SheetCellKind.Text)
                : throw new UnreadablePublicationException($"Cell {cell.CellReference} points at shared string '{value}', which the workbook does not hold.");
        }

        if (type == CellValues.InlineString)
        {
            return new SheetCell(TextOf(cell.InlineString), SheetCellKind.Text);
        }

        if (type == CellValues.Error)
        {
            return new SheetCell(value, SheetCellKind.Error);
        }

        if (type == CellValues.Boolean)
        {
            return new SheetCell(value == "1" ? "TRUE" : "FALSE", SheetCellKind.Text);
        }

        if (type == CellValues.String || type == CellValues.Date)
        {
            return new SheetCell(value, SheetCellKind.Text);
        }

        return value.Length == 0 ? SheetCell.Empty
            : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? new SheetCell(value, SheetCellKind.Number)
            : new SheetCell(value, SheetCellKind.Text);
    }

    private static string TextOf(OpenXmlElement? richText) =>
        richText is null
            ? string.Empty
            : string.Concat(richText.ChildElements.Select(child => child switch
            {
                Text text => text.Text,
                Run run => run.Text?.Text,
                _ => null,
            }));

    private static List<SheetHyperlink> ReadHyperlinks(WorksheetPart worksheet)
    {
        var targets = worksheet.HyperlinkRelationships.ToDictionary(relationship => relationship.Id, relationship => relationship.Uri.OriginalString);
        var hyperlinks = new List<SheetHyperlink>();
        foreach (var hyperlink in worksheet.Worksheet.Elements<Hyperlinks>().SelectMany(list => list.Elements<Hyperlink>()))
        {
            var target = hyperlink.Id?.Value is { } id && targets.TryGetValue(id, out var external) ? external
                : hyperlink.Location?.Value is { } location ? $"#{location}"
                : null;
            foreach (var range in (hyperlink.Reference?.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var corners = range.Split(':');
                if (target is not null && CellPosition.Parse(corners[0]) is { } first && CellPosition.Parse(corners[^1]) is { } last)
                {
                    hyperlinks.Add(new SheetHyperlink(first.Row, first.Column, last.Row, last.Column, target));
                }
            }
        }

        return hyperlinks;
    }
}

internal readonly record struct CellPosition(int Row, int Column)
{
    public static CellPosition? Parse(string? reference)
    {
        var absolute = (reference ?? string.Empty).Replace("$", string.Empty, StringComparison.Ordinal);
        var letters = absolute.TakeWhile(char.IsAsciiLetter).ToArray();
        if (letters.Length is 0 or > 3 || !int.TryParse(absolute[letters.Length..], out var row))
        {
            return null;
        }

        var column = letters.Aggregate(0, (total, letter) => (total * 26) + (char.ToUpperInvariant(letter) - 'A' + 1));
        return new CellPosition(row, column);
    }
}
