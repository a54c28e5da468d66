using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// An XLSX workbook for the answers asked for with <c>Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet</c>,
/// laid out as ICE lays out its own lists: one sheet, the headings in capitals in the first row (bold, frozen, with a
/// filter), dates as spreadsheet dates (shown YYYY-MM-DD), the MOA as a cell <c>link</c> linking to it. Written with the
/// Open XML SDK, as a download named after the question (<see cref="Csv.FileName"/>).
/// </summary>
public static class Spreadsheet
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A cell's text linking to an address: ICE's <c>link</c> to an MOA.</summary>
    public sealed record Link(string Text, Uri Address);

    /// <summary>A column: its heading and its width in characters.</summary>
    public sealed record Column(string Heading, double Width);

    public static bool IsWanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));

    public static IResult Answer(HttpRequest request, string sheetName, IReadOnlyList<Column> columns, IEnumerable<IEnumerable<object?>> rows) =>
        Results.File(Write(sheetName, columns, rows), MediaType, Csv.FileName(request, "xlsx"));

    // The style sheet's cell formats, by index.
    private const uint Plain = 0;
    private const uint Heading = 1;
    private const uint Date = 2;
    private const uint Hyperlink = 3;
    private const uint DateFormatId = 164;

    /// <summary>
    /// The workbook's bytes: <paramref name="columns"/>' headings, then one row per row, each value a cell: text as text,
    /// a <see cref="DateOnly"/> as a date, a number as a number, a <see cref="Link"/> as its text linking to its address,
    /// and nothing for null.
    /// </summary>
    public static byte[] Write(string sheetName, IReadOnlyList<Column> columns, IEnumerable<IEnumerable<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheet = workbook.AddNewPart<WorksheetPart>();

            var headings = columns.Select((column, index) =>
            {
                var cell = Text(column.Heading, Heading);
                cell.CellReference = $"{ColumnName(index)}1";
                return cell;
            });
            var data = new SheetData(new Row([.. headings]) { RowIndex = 1 });
            var links = new Hyperlinks();
            uint number = 1;
            foreach (var values in rows)
            {
                number++;
                var row = new Row { RowIndex = number };
                foreach (var (index, cellValue) in values.Index())
                {
                    if (cellValue is { } value)
                    {
                        var cell = Cell(value);
                        cell.CellReference = $"{ColumnName(index)}{number}";
                        row.Append(cell);
                        if (value is Link link)
                        {
                            links.Append(new Hyperlink { Reference = cell.CellReference, Id = sheet.AddHyperlinkRelationship(link.Address, isExternal: true).Id });
                        }
                    }
                }

                data.Append(row);
            }

            var range = $"A1:{ColumnName(columns.Count - 1)}{number}";
            var worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                {
                    TabSelected = true,
                    WorkbookViewId = 0,
                }),
                new Columns([.. columns.Select((column, index) => new DocumentFormat.OpenXml.Spreadsheet.Column { Min = (uint)index + 1, Max = (uint)index + 1, Width = column.Width, CustomWidth = true })]),
                data,
                new AutoFilter { Reference = range });
            if (links.HasChildren)
            {
                worksheet.Append(links);
            }

            sheet.Worksheet = worksheet;
            workbook.Workbook.Append(
                new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = sheetName }),
                new DefinedNames(new DefinedName($"'{sheetName}'!$A$1:${ColumnName(columns.Count - 1)}${number}")
                {
                    Name = "_xlnm._FilterDatabase",
                    LocalSheetId = 0,
                    Hidden = true,
                }));
        }

        return stream.ToArray();
    }

    private static Cell Cell(object value) => value switch
    {
        DateOnly date => new Cell { CellValue = new CellValue(date.DayNumber - new DateOnly(1899, 12, 30).DayNumber), DataType = CellValues.Number, StyleIndex = Date },
        int or long => new Cell { CellValue = new CellValue(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)), DataType = CellValues.Number, StyleIndex = Plain },
        Link link => Text(link.Text, Hyperlink),
        _ => Text(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, Plain),
    };

    private static Cell Text(string text, uint style) =>
        new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style };

    /// <summary>A column's letters: 0 is A, 25 Z, 26 AA.</summary>
    private static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : ColumnName((index / 26) - 1) + (char)('A' + (index % 26));

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Underline(), new FontSize { Val = 11 }, new Color { Rgb = "FF0563C1" }, new FontName { Val = "Calibri" }))
        { Count = 3 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = DateFormatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 0, FontId = 2, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true })
        { Count = 4 });
}
