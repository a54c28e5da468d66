using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EventSourcedAgreements.Tests.Publications.Reading;

internal abstract record TestCell
{
    public static implicit operator TestCell(string text) => new SharedText(text);

    public static implicit operator TestCell(double serial) => new Number(serial);
}

internal sealed record SharedText(string Text) : TestCell;

internal sealed record InlineText(string Text) : TestCell;

internal sealed record Number(double Value) : TestCell;

internal sealed record ErrorValue(string Value) : TestCell;

internal sealed record Linked(string Text, string Url) : TestCell;

internal static class TestWorkbook
{
    public static readonly TestCell?[] ParticipatingHeader = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA"];

    public static readonly TestCell?[] PendingHeader = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE"];

    public static MemoryStream Build(params TestCell?[][] rows)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var sharedStrings = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedStrings.SharedStringTable = new SharedStringTable();
            var sheetData = new SheetData();
            var hyperlinks = new Hyperlinks();
            for (var rowIndex = 0; rowIndex < rows.Length; rowIndex++)
            {
                var row = new Row { RowIndex = (uint)rowIndex + 1 };
                for (var columnIndex = 0; columnIndex < rows[rowIndex].Length; columnIndex++)
                {
                    if (rows[rowIndex][columnIndex] is not { } content)
                    {
                        continue;
                    }

                    var reference = $"{(char)('A' + columnIndex)}{rowIndex + 1}";
                    row.Append(Cell(reference, content, sharedStrings.SharedStringTable));
                    if (content is Linked linked)
                    {
                        var relationship = worksheetPart.AddHyperlinkRelationship(new Uri(linked.Url, UriKind.RelativeOrAbsolute), isExternal: true);
                        hyperlinks.Append(new Hyperlink { Reference = reference, Id = relationship.Id });
                    }
                }

                sheetData.Append(row);
            }

            worksheetPart.Worksheet = hyperlinks.HasChildren ? new Worksheet(sheetData, hyperlinks) : new Worksheet(sheetData);
            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = 1, Name = "Sheet1" }));
        }

        stream.Position = 0;
        return stream;
    }

    private static Cell Cell(string reference, TestCell content, SharedStringTable sharedStrings) => content switch
    {
        SharedText shared => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Share(shared.Text, sharedStrings)) },
        Linked linked => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Share(linked.Text, sharedStrings)) },
        InlineText inline => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(inline.Text)) },
        Number number => new Cell { CellReference = reference, CellValue = new CellValue(number.Value) },
        ErrorValue error => new Cell { CellReference = reference, DataType = CellValues.Error, CellValue = new CellValue(error.Value) },
        _ => throw new ArgumentOutOfRangeException(nameof(content), content, null),
    };

    private static int Share(string text, SharedStringTable sharedStrings)
    {
        sharedStrings.Append(new SharedStringItem(new Text(text) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }));
        return sharedStrings.ChildElements.Count - 1;
    }
}
