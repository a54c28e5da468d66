using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class HeaderVariantTests
{
    private const string FileName = "list.xlsx";

    [Fact]
    public void renamed_required_columns_are_read_and_each_renaming_is_noted_on_the_header_line()
    {
        using var workbook = TestWorkbook.Build(
            ["STATE", "AGENCY", "MODEL", "DATE SIGNED", "MOA"],
            ["FLORIDA", "Marion County Sheriff's Office", "Jail Enforcement Model", "2019-01-22", new Linked("link", "https://www.ice.gov/doclib/287gMOA/287gJEM_MarionCoFL2019-01-22.pdf")]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Kind.ShouldBe(PublicationKind.Participating);
        publication.Rows.ShouldBe(
        [
            new PublishedRow(2, UsState.FromCode("FL"), "Marion County Sheriff's Office", null, null, SupportModel.JEM, new DateOnly(2019, 1, 22), "https://www.ice.gov/doclib/287gMOA/287gJEM_MarionCoFL2019-01-22.pdf", true),
        ]);
        publication.Notes.ShouldBe(
        [
            new RowNote(1, "STATE | AGENCY | MODEL | DATE SIGNED | MOA", NoteKind.Interpreted, "column 'AGENCY' read as LAW ENFORCEMENT AGENCY"),
            new RowNote(1, "STATE | AGENCY | MODEL | DATE SIGNED | MOA", NoteKind.Interpreted, "column 'MODEL' read as SUPPORT TYPE"),
            new RowNote(1, "STATE | AGENCY | MODEL | DATE SIGNED | MOA", NoteKind.Interpreted, "column 'DATE SIGNED' read as SIGNED"),
        ]);
    }

    [Fact]
    public void a_list_without_type_and_county_columns_reads_its_rows_with_neither()
    {
        using var workbook = TestWorkbook.Build(
            ["STATE", "LAW ENFORCEMENT AGENCY", "SUPPORT TYPE", "SIGNED", "MOA"],
            ["TEXAS", "Harris County Sheriff's Office", "Warrant Service Officer", 43600, "link pending"]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Rows.ShouldBe([new PublishedRow(2, UsState.FromCode("TX"), "Harris County Sheriff's Office", null, null, SupportModel.WSO, new DateOnly(2019, 5, 15), null, false)]);
        publication.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void columns_the_reader_does_not_know_are_named_in_a_note_and_not_read()
    {
        using var workbook = TestWorkbook.Build(
            ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA", "ADDENDUM", "FIELD OFFICE"],
            ["TEXAS", "Harris County Sheriff's Office", "County", "Harris County", "Task Force Model", 45700, "link pending", null, "Houston"]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Rows.Single().County.ShouldBe("Harris County");
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe([(1, NoteKind.Interpreted, "column 'FIELD OFFICE' is not read")]);
    }

    [Fact]
    public void the_header_may_sit_below_title_rows_which_are_noted_as_titles()
    {
        using var workbook = TestWorkbook.Build(
            ["287(g) Participating Agencies"],
            [],
            TestWorkbook.ParticipatingHeader,
            ["GEORGIA", "Cobb County Sheriff's Office", "County", "Cobb County", "Jail Enforcement Model", 45700, "link pending"],
            [],
            []);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Kind.ShouldBe(PublicationKind.Participating);
        publication.Rows.Select(row => (row.Line, row.AgencyId)).ShouldBe([(4, "ga-cobb-county-sheriffs-office")]);
        publication.Notes.ShouldBe([new RowNote(1, "287(g) Participating Agencies", NoteKind.Interpreted, "above the header (row 3); read as a title")]);
    }

    [Fact]
    public void an_empty_pending_list_is_a_pending_list_with_no_rows()
    {
        using var workbook = TestWorkbook.Build(TestWorkbook.PendingHeader, [], []);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Kind.ShouldBe(PublicationKind.Pending);
        publication.Rows.ShouldBeEmpty();
        publication.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void an_empty_participating_list_is_a_participating_list_with_no_rows()
    {
        using var workbook = TestWorkbook.Build(["Participating Entities"], ["STATE", "AGENCY", "SUPPORT TYPE", "SIGNED", "MOA"]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Kind.ShouldBe(PublicationKind.Participating);
        publication.Rows.ShouldBeEmpty();
        publication.Notes.Select(note => note.Kind).ShouldAllBe(kind => kind == NoteKind.Interpreted);
    }

    [Fact]
    public void a_header_without_an_agency_column_cannot_be_read()
    {
        using var workbook = TestWorkbook.Build(
            ["STATE", "NAME", "TYPE", "COUNTY", "SUPPORT TYPE"],
            ["GEORGIA", "Cobb County Sheriff's Office", "County", "Cobb County", "Warrant Service Officer"]);

        Should.Throw<UnreadablePublicationException>(() => PublicationReader.Read(FileName, workbook))
            .Message.ShouldContain("LAW ENFORCEMENT AGENCY");
    }

    [Fact]
    public void a_participating_header_without_a_moa_column_under_any_name_cannot_be_read()
    {
        using var workbook = TestWorkbook.Build(
            ["STATE", "AGENCY", "SUPPORT TYPE", "DATE SIGNED", "NOTES"],
            ["GEORGIA", "Cobb County Sheriff's Office", "Warrant Service Officer", 45700, "link"]);

        Should.Throw<UnreadablePublicationException>(() => PublicationReader.Read(FileName, workbook))
            .Message.ShouldContain("MOA");
    }
}
