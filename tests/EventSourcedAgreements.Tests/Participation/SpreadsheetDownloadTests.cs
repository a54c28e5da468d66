using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Participation.ListingChanges;
using EventSourcedAgreements.Publications.Reading;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Participation;

/// <summary>
/// The participants and the changes as XLSX workbooks in the layout of ICE's own spreadsheets: read back by the same
/// reader that imports ICE's lists, and checked by the Open XML SDK's validator.
/// </summary>
public sealed class SpreadsheetDownloadTests(AppFixture app) : AppTest(app)
{
    private async Task<(byte[] Bytes, string? ContentType, string Disposition)> Download(string url)
    {
        var answer = await App.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Accept", Spreadsheet.MediaType);
        });
        using var body = new MemoryStream();
        await answer.Context.Response.Body.CopyToAsync(body);
        return (body.ToArray(), answer.Context.Response.ContentType, answer.Context.Response.Headers.ContentDisposition.ToString());
    }

    private static void ShouldBeValidOpenXml(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), isEditable: false);
        new OpenXmlValidator().Validate(document).Select(error => $"{error.Path?.XPath}: {error.Description}").ShouldBeEmpty();
    }

    private static SheetTable Sheet(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), isEditable: false);
        return SheetTable.ReadFirstWorksheet(document.WorkbookPart!);
    }

    [Fact]
    public async Task the_participants_come_as_a_workbook_in_ices_layout_that_the_import_reads_back_as_they_are()
    {
        await SignedAgreement();
        var lubbock = await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "WSO", new DateOnly(2019, 1, 2)));
        await Send(lubbock, new SignAgreement(new DateOnly(2019, 2, 1), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));

        var (bytes, contentType, disposition) = await Download("/api/participants?asOf=2019-05-20");

        contentType.ShouldBe(Spreadsheet.MediaType);
        disposition.ShouldStartWith("attachment; filename=participants-2019-05-20.xlsx");
        ShouldBeValidOpenXml(bytes);
        var sheet = Sheet(bytes);
        sheet.Rows[0].Cells.Values.Select(cell => cell.Text).ShouldBe(["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA"]);
        sheet.Rows[1][6].Kind.ShouldBe(SheetCellKind.Number, "a date, as ICE's spreadsheets write it");
        sheet.Rows[2][7].Text.ShouldBe("link pending");
        sheet.HyperlinkAt(2, 7).ShouldBe("https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf");

        var read = IceSpreadsheet.Read(new MemoryStream(bytes), publishedOn: null);
        read.Kind.ShouldBe(PublicationKind.Participating);
        read.Notes.ShouldBeEmpty();
        read.Rows.Select(row => (row.State.Code, row.AgencyName, row.AgencyType, row.County, row.Model, row.SignedOn, row.MoaUrl, row.MoaPosted)).ShouldBe(
        [
            ("FL", "Hernando County Sheriff's Office", AgencyType.County, "Hernando", SupportModel.JEM, new DateOnly(2019, 1, 22), "https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf", true),
            ("TX", "Lubbock County Sheriff's Office", null, null, SupportModel.WSO, new DateOnly(2019, 2, 1), null, false),
        ]);
    }

    [Fact]
    public async Task a_whole_list_comes_back_row_for_row_as_the_api_answers_it_with_its_agencies_types_and_counties()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Data", "publications", "ice-287g-participating-2025-07-18.xlsx");
        await using (var stream = File.OpenRead(file))
        {
            await ImportAsync(stream, Path.GetFileName(file), "2025-07-18");
        }

        var answer = (await Send("/api/participants?asOf=2025-07-18", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!;
        var (bytes, _, _) = await Download("/api/participants?asOf=2025-07-18");

        ShouldBeValidOpenXml(bytes);
        var read = IceSpreadsheet.Read(new MemoryStream(bytes), publishedOn: null);
        read.Rows.Count.ShouldBe(answer.Participants.Count);
        answer.Participants.Count.ShouldBeGreaterThan(800);
        read.Rows.Select(row => (row.AgencyId, row.Model, row.SignedOn, row.MoaUrl)).ShouldBe(
            answer.Participants.Select(p => (p.AgencyId, p.Model, (DateOnly?)p.SignedOn, p.MoaUrl)));

        // Each agency's type and county as ICE's list gave them.
        await using var original = File.OpenRead(file);
        var listed = IceSpreadsheet.Read(original, new DateOnly(2025, 7, 18)).Rows.ToLookup(row => (row.AgencyId, row.Model));
        var differing = read.Rows.Where(row => !listed[(row.AgencyId, row.Model)].Any(source => source.AgencyType == row.AgencyType && source.County == row.County)).ToList();
        differing.Select(row => $"{row.AgencyId} {row.Model}: {row.AgencyType} {row.County}").ShouldBeEmpty();
        read.Rows.Count(row => row.County is not null).ShouldBe(read.Rows.Count(row => listed[(row.AgencyId, row.Model)].Any(source => source.County is not null)));
        read.Rows.Count(row => row.County is not null).ShouldBeGreaterThan(500);
    }

    [Fact]
    public async Task the_changes_come_as_a_workbook_with_dates_as_dates_and_ices_columns()
    {
        var id = await SignedAgreement(expiresOn: new DateOnly(2022, 1, 22));

        var (bytes, contentType, disposition) = await Download("/api/participants/changes?from=2019-01-01&to=2022-12-31");

        contentType.ShouldBe(Spreadsheet.MediaType);
        disposition.ShouldStartWith("attachment; filename=participants-changes-2019-01-01-2022-12-31.xlsx");
        ShouldBeValidOpenXml(bytes);
        var json = (await Send("/api/participants/changes?from=2019-01-01&to=2022-12-31", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ChangesAnswer>()!;
        var rows = Sheet(bytes).Rows;
        rows[0].Cells.Values.Select(cell => cell.Text).ShouldBe(
            ["DATE", "CHANGE", "NOT BEFORE", "STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "AGREEMENT"]);
        rows.Skip(1).Select(row => (Day(row[1].Text), row[2].Text, row[4].Text, row[5].Text, row[6].Text, row[7].Text, row[8].Text, Day(row[9].Text), row[10].Text)).ShouldBe(
            json.Changes.Select(c => ((DateOnly?)c.On, c.Kind.ToString(), "FLORIDA", "Hernando County Sheriff's Office", "County", "Hernando", "Jail Enforcement Model", c.SignedOn, id.ToString())));
        json.Changes.Select(c => c.Kind.ToString()).ShouldBe(["Signed", "Expired"]);
        rows.Count.ShouldBe(3);
        rows[1][1].Kind.ShouldBe(SheetCellKind.Number);
        rows[1][9].Kind.ShouldBe(SheetCellKind.Number);
    }

    /// <summary>A spreadsheet date (days since 1899-12-30) as the day it names.</summary>
    private static DateOnly? Day(string serial) =>
        serial.Length == 0 ? null : new DateOnly(1899, 12, 30).AddDays(int.Parse(serial, System.Globalization.CultureInfo.InvariantCulture));
}
