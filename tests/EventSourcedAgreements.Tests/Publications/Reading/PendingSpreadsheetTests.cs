using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class PendingSpreadsheetTests
{
    private static readonly PublicationContent May = PublishedFiles.Read("ice-287g-pending-2025-05-15.xlsx");
    private static readonly PublicationContent July = PublishedFiles.Read("ice-287g-pending-2025-07-18.xlsx");

    [Fact]
    public void the_may_2025_list_holds_92_pending_requests()
    {
        May.Kind.ShouldBe(PublicationKind.Pending);
        May.Rows.Count.ShouldBe(92);
        May.Rows.CountBy(row => row.Model).ShouldBe("JEM=12, TFM=51, WSO=29");
        May.Rows.Select(row => row.State).Distinct().Count().ShouldBe(22);
        May.Rows.Count(row => row.State.Code == "FL").ShouldBe(38);
        May.Rows.ShouldAllBe(row => row.SignedOn == null && row.MoaUrl == null && !row.MoaPosted);
        May.Rows[0].ShouldBe(new PublishedRow(2, UsState.FromCode("AL"), "Houston County Sheriff's Office", AgencyType.County, "Houston County", SupportModel.JEM, null, null, false));
    }

    [Fact]
    public void missing_counties_of_the_may_list_are_noted()
    {
        May.Notes.Count.ShouldBe(45);
        May.Notes.ShouldAllBe(note => note.Kind == NoteKind.Interpreted && note.Reason == "COUNTY '#N/A' read as no county");
        May.Notes[0].ShouldBe(new RowNote(3, "ALABAMA | Level Plains Police Department | Municipality | #N/A | Task Force Model", NoteKind.Interpreted, "COUNTY '#N/A' read as no county"));
    }

    [Fact]
    public void the_july_2025_list_holds_26_pending_requests()
    {
        July.Kind.ShouldBe(PublicationKind.Pending);
        July.Rows.Count.ShouldBe(26);
        July.Rows.CountBy(row => row.Model).ShouldBe("JEM=4, TFM=9, WSO=13");
        July.Rows.CountBy(row => row.AgencyType).ShouldBe("County=21, Municipality=5");
        July.Rows.Select(row => row.State).Distinct().Count().ShouldBe(13);
        July.Notes.Select(note => (note.Line, note.Reason)).ShouldBe([(16, "COUNTY '#N/A' read as no county"), (24, "COUNTY '#NA' read as no county")]);
    }

    [Fact]
    public void a_pending_list_is_recognised_by_its_header_and_ignores_signing_columns_it_does_not_have()
    {
        using var workbook = TestWorkbook.Build(
            TestWorkbook.PendingHeader,
            ["GEORGIA", "Cobb County Sheriff's Office", "County", "Cobb County", "Warrant Service Officer"]);

        var publication = PublicationReader.Read("pending.xlsx", workbook);

        publication.Kind.ShouldBe(PublicationKind.Pending);
        publication.Rows.ShouldBe([new PublishedRow(2, UsState.FromCode("GA"), "Cobb County Sheriff's Office", AgencyType.County, "Cobb County", SupportModel.WSO, null, null, false)]);
        publication.Notes.ShouldBeEmpty();
    }
}
