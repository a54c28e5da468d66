using System.Globalization;
using System.Text.RegularExpressions;
using System.Web;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using EventSourcedAgreements.Agencies;

namespace EventSourcedAgreements.Publications.Reading;

internal static partial class IceSpreadsheet
{
    private const string State = "STATE";
    private const string Agency = "LAW ENFORCEMENT AGENCY";
    private const string Type = "TYPE";
    private const string County = "COUNTY";
    private const string Support = "SUPPORT TYPE";
    private const string Signed = "SIGNED";
    private const string Moa = "MOA";
    private const string Addendum = "ADDENDUM";
    private const string MoaPending = "link pending";
    private const string MoaLink = "link";
    private const string SafeLinksHost = ".safelinks.protection.outlook.com";
    private static readonly string[] PendingColumns = [State, Agency, Support];
    private static readonly string[] ParticipatingColumns = [.. PendingColumns, Signed, Moa];

    private static readonly Dictionary<string, string> ColumnsByHeading = new(StringComparer.Ordinal)
    {
        [State] = State,
        [Agency] = Agency,
        ["AGENCY"] = Agency,
        ["AGENCY NAME"] = Agency,
        ["LAW ENFORCEMENT AGENCY NAME"] = Agency,
        [Type] = Type,
        ["AGENCY TYPE"] = Type,
        [County] = County,
        [Support] = Support,
        ["MODEL"] = Support,
        ["SUPPORT MODEL"] = Support,
        ["287(G) MODEL"] = Support,
        [Signed] = Signed,
        ["DATE SIGNED"] = Signed,
        ["SIGNED DATE"] = Signed,
        ["SIGNED ON"] = Signed,
        ["DATE OF SIGNING"] = Signed,
        [Moa] = Moa,
        ["MOA LINK"] = Moa,
        [Addendum] = Addendum,
        ["ADDENDA"] = Addendum,
    };

    public static PublicationContent Read(Stream content, DateOnly? publishedOn)
    {
        try
        {
            using var document = SpreadsheetDocument.Open(content, isEditable: false);
            return Read(document, publishedOn);
        }
        catch (Exception error) when (error is OpenXmlPackageException or InvalidDataException or XmlException or FileFormatException)
        {
            throw new UnreadablePublicationException($"The file is not a readable XLSX workbook: {error.Message}");
        }
    }

    private static PublicationContent Read(SpreadsheetDocument document, DateOnly? publishedOn)
    {
        var workbook = document.WorkbookPart ?? throw new UnreadablePublicationException("The XLSX file holds no workbook.");
        return Read(SheetTable.ReadFirstWorksheet(workbook), publishedOn);
    }

    public static PublicationContent Read(SheetTable sheet, DateOnly? publishedOn)
    {
        var header = FindHeader(sheet);
        var kind = header.Columns.ContainsKey(Signed) ? PublicationKind.Participating : PublicationKind.Pending;
        var missing = (kind == PublicationKind.Participating ? ParticipatingColumns : PendingColumns)
            .Where(name => !header.Columns.ContainsKey(name))
            .ToList();
        if (missing.Count > 0)
        {
            throw new UnreadablePublicationException($"The header row (row {header.Row.Number}) lacks the column(s) {string.Join(", ", missing)}.");
        }

        var publication = new PublicationBuilder(kind, publishedOn);
        foreach (var title in sheet.Rows.Where(row => row.Number < header.Row.Number && !row.IsBlank))
        {
            publication.Note(title.Number, title.Text, $"above the header (row {header.Row.Number}); read as a title");
        }

        foreach (var reading in header.Readings)
        {
            publication.Note(header.Row.Number, header.Row.Text, reading);
        }

        foreach (var row in sheet.Rows.Where(row => row.Number > header.Row.Number && !row.IsBlank))
        {
            ReadRow(row, header, sheet, publication);
        }

        return publication.Build();
    }

    private sealed record Header(SheetRow Row, Dictionary<string, int> Columns, List<string> Readings);

    public static bool HasHeader(SheetTable sheet) =>
        sheet.Rows.Where(row => !row.IsBlank).Select(ReadHeader).Any(IsHeader);

    private static bool IsHeader(Header candidate) => PendingColumns.All(candidate.Columns.ContainsKey);

    private static Header FindHeader(SheetTable sheet)
    {
        var candidates = sheet.Rows.Where(row => !row.IsBlank).Select(ReadHeader);
        var first = candidates.FirstOrDefault() ?? throw new UnreadablePublicationException("The first worksheet is empty.");
        return candidates.FirstOrDefault(IsHeader)
            ?? throw new UnreadablePublicationException(
                $"No row holds the header {string.Join(", ", PendingColumns)}; the header row (row {first.Row.Number}) lacks the column(s) "
                + $"{string.Join(", ", PendingColumns.Where(name => !first.Columns.ContainsKey(name)))}.");
    }

    private static Header ReadHeader(SheetRow row)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var readings = new List<string>();
        foreach (var (position, cell) in row.Cells.OrderBy(cell => cell.Key))
        {
            var heading = PublishedFields.Collapse(cell.Text);
            if (heading.Length == 0)
            {
                continue;
            }

            if (!ColumnsByHeading.TryGetValue(heading.ToUpperInvariant(), out var column))
            {
                readings.Add($"column '{heading}' is not read");
            }
            else if (!columns.TryAdd(column, position))
            {
                readings.Add($"column '{heading}' is not read: an earlier column is read as {column}");
            }
            else if (!heading.Equals(column, StringComparison.OrdinalIgnoreCase))
            {
                readings.Add($"column '{heading}' read as {column}");
            }
        }

        return new Header(row, columns, readings);
    }

    private static void ReadRow(SheetRow row, Header header, SheetTable sheet, PublicationBuilder publication)
    {
        SheetCell Cell(string column) => header.Columns.TryGetValue(column, out var position) ? row[position] : SheetCell.Empty;

        if (sheet.IsCsv && row.Cells.Count != header.Row.Cells.Count)
        {
            publication.Skip(row.Number, row.Text, $"{row.Cells.Count} fields where the header has {header.Row.Cells.Count}");
            return;
        }

        if (!PublishedFields.TryReadState(Cell(State).Text, out var state, out var stateInterpretation, out var problem)
            || !PublishedFields.TryReadAgencyName(Cell(Agency).Text, out var agency, out var nameInterpretation, out problem)
            || !PublishedFields.TryReadModel(Cell(Support).Text, out var model, out var modelInterpretation, out problem))
        {
            publication.Skip(row.Number, row.Text, problem);
            return;
        }

        var interpretations = new[] { stateInterpretation, nameInterpretation, modelInterpretation }.OfType<string>().ToList();

        var agencyType = ReadAgencyType(Cell(Type), interpretations);
        var county = ReadCounty(Cell(County), interpretations);
        if (!header.Columns.TryGetValue(Signed, out var signedColumn))
        {
            publication.Add(
                new PublishedRow(row.Number, state, agency, agencyType, county, model, SignedOn: null, MoaUrl: null, MoaPosted: false),
                row.Text,
                interpretations);
            return;
        }

        var signed = ReadSigned(row[signedColumn], sheet.Date1904);
        if (signed.Date is not { } signedOn)
        {
            publication.Skip(row.Number, row.Text, signed.Note!);
            return;
        }

        if (signed.Note is not null)
        {
            interpretations.Add(signed.Note);
        }

        var moaColumn = header.Columns[Moa];
        var (moaUrl, moaPosted) = ReadMoa(row[moaColumn], !sheet.IsCsv, sheet.HyperlinkAt(row.Number, moaColumn), interpretations);
        publication.Add(
            new PublishedRow(row.Number, state, agency, agencyType, county, model, signedOn, moaUrl, moaPosted),
            row.Text,
            interpretations,
            addendum: PublishedFields.NamesAddendum(Cell(Agency).Text) || !string.IsNullOrWhiteSpace(Cell(Addendum).Text));
    }

    private static AgencyType? ReadAgencyType(SheetCell cell, List<string> interpretations)
    {
        var text = PublishedFields.Collapse(cell.Text);
        if (text.Length == 0)
        {
            return null;
        }

        if (cell.Kind != SheetCellKind.Error && AgencyTypes.TryParse(text, out var type))
        {
            return type;
        }

        if (cell.Kind != SheetCellKind.Error
            && Spellings.Closest(text, Enum.GetValues<AgencyType>(), candidate => candidate.ToString()) is { Candidates: [var closest] } nearest)
        {
            interpretations.Add($"TYPE '{text}' read as {closest}, the closest agency type ({Spellings.Letters(nearest.Distance)} off)");
            return closest;
        }

        interpretations.Add($"TYPE '{text}' is not an agency type; read as none");
        return null;
    }

    private static string? ReadCounty(SheetCell cell, List<string> interpretations)
    {
        var text = PublishedFields.Collapse(cell.Text);
        if (cell.Kind == SheetCellKind.Error || text.StartsWith('#'))
        {
            interpretations.Add($"COUNTY '{text}' read as no county");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static DateReading ReadSigned(SheetCell cell, bool date1904) => cell.Kind switch
    {
        SheetCellKind.Number => SignedDates.FromExcelSerial(double.Parse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture), date1904),
        SheetCellKind.Text => SignedDates.FromText(cell.Text),
        _ => DateReading.Unreadable($"unreadable SIGNED '{cell.Text}'"),
    };

    private static (string? Url, bool Posted) ReadMoa(SheetCell cell, bool holdsHyperlinks, string? hyperlink, List<string> interpretations)
    {
        var text = PublishedFields.Collapse(cell.Text);
        if (text.Equals(MoaPending, StringComparison.OrdinalIgnoreCase) || (!holdsHyperlinks && text.Length == 0))
        {
            return (null, false);
        }

        if (!holdsHyperlinks && text.Equals(MoaLink, StringComparison.OrdinalIgnoreCase))
        {
            return (null, true);
        }

        if (RepairedAddress(hyperlink) is { } repaired)
        {
            interpretations.Add($"MOA hyperlink '{hyperlink}' read as {repaired}");
            hyperlink = repaired;
        }

        var url = PublishedFields.IsWebAddress(hyperlink) ? hyperlink : PublishedFields.IsWebAddress(text) ? text : null;
        if (url is not null)
        {
            if (!text.Equals(MoaLink, StringComparison.OrdinalIgnoreCase) && text != url)
            {
                interpretations.Add($"MOA '{text}' read as posted at its hyperlink");
            }

            if (SafeLinkTarget(url) is { } target)
            {
                interpretations.Add($"MOA hyperlink is an Outlook Safe Links wrapper; read as its target {target}");
                return (target, true);
            }

            return (url, true);
        }

        if (text.StartsWith(MoaLink, StringComparison.OrdinalIgnoreCase))
        {
            interpretations.Add(hyperlink is null
                ? $"MOA '{text}' has no hyperlink; read as posted, without a URL"
                : $"MOA '{text}' links to '{hyperlink}', not a web address; read as posted, without a URL");
            return (null, true);
        }

        interpretations.Add(text.Length == 0 ? "MOA is empty; read as not posted" : $"MOA '{text}' read as not posted");
        return (null, false);
    }

    private static string? RepairedAddress(string? hyperlink)
    {
        if (hyperlink is null || PublishedFields.IsWebAddress(hyperlink))
        {
            return null;
        }

        var repaired = SlashMissingAfterScheme().Replace(PdfViewerPrefix().Replace(hyperlink, string.Empty), "$1://");
        return PublishedFields.IsWebAddress(repaired) ? repaired : null;
    }

    [GeneratedRegex(@"^chrome-extension://[^/]+/(?=https?:)", RegexOptions.IgnoreCase)]
    private static partial Regex PdfViewerPrefix();

    [GeneratedRegex(@"^(https?):/(?!/)", RegexOptions.IgnoreCase)]
    private static partial Regex SlashMissingAfterScheme();

    private static string? SafeLinkTarget(string url)
    {
        var address = new Uri(url);
        var target = address.Host.EndsWith(SafeLinksHost, StringComparison.OrdinalIgnoreCase)
            ? HttpUtility.ParseQueryString(address.Query)["url"]
            : null;
        return PublishedFields.IsWebAddress(target) ? target : null;
    }
}
