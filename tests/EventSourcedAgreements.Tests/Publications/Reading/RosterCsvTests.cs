using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class RosterCsvTests
{
    private const string FileName = "ice-287g-roster-2021-01-13.csv";
    private const string Header = "state,agency,support,signed,moa_file";

    private static readonly PublicationContent Roster = PublishedFiles.Read(FileName);

    [Fact]
    public void the_2021_roster_lists_74_jail_enforcement_and_76_warrant_service_agreements_in_26_states()
    {
        Roster.Kind.ShouldBe(PublicationKind.Participating);
        Roster.Rows.Count.ShouldBe(150);
        Roster.Rows.CountBy(row => row.Model).ShouldBe("JEM=74, WSO=76");
        Roster.Rows.Select(row => row.State).Distinct().Count().ShouldBe(26);
        Roster.Rows.Count(row => row.State.Code == "FL").ShouldBe(49);
        Roster.Rows.Count(row => row.State.Code == "TX").ShouldBe(26);
        Roster.Rows.Count(row => row.State.Code == "NC").ShouldBe(16);
    }

    [Fact]
    public void each_row_keeps_its_line_with_the_header_as_line_one()
    {
        Roster.Rows.Select(row => row.Line).ShouldBe(Enumerable.Range(2, 150));
        Roster.Rows.Single(row => row.AgencyName == "Arizona Department of Corrections")
            .ShouldBe(new PublishedRow(5, UsState.FromCode("AZ"), "Arizona Department of Corrections", null, null, SupportModel.JEM, new DateOnly(2020, 6, 16), null, true));
    }

    [Fact]
    public void a_moa_file_name_means_posted_but_is_not_an_address()
    {
        Roster.Rows.ShouldAllBe(row => row.MoaPosted && row.MoaUrl == null);
    }

    [Fact]
    public void an_addendum_suffix_is_left_out_of_the_agency_name_and_noted()
    {
        var monmouth = Roster.Rows.Single(row => row.Line == 89);

        monmouth.AgencyName.ShouldBe("Monmouth County Sheriff's Office");
        monmouth.AgencyId.ShouldBe("nj-monmouth-county-sheriffs-office");
        Roster.Notes.ShouldBe(
        [
            new RowNote(
                89,
                "NEW JERSEY,Monmouth County Sheriff's Office (Addendum),Jail Enforcement Model,2019-03-08,287gJEM_MonmouthCoNj2016-06-08.pdf",
                NoteKind.Interpreted,
                "agency name 'Monmouth County Sheriff's Office (Addendum)' read as 'Monmouth County Sheriff's Office'"),
        ]);
    }

    [Fact]
    public void sixty_two_of_the_90_agreements_of_2019_reappear_renewed_in_2020()
    {
        var renewals = Roster.Rows.ToDictionary(row => (row.AgencyId, row.Model));

        var renewedIn2020 = PublishedFiles.Read("ice-287g-page-2019-05-20.txt").Rows
            .Count(row => renewals.TryGetValue((row.AgencyId, row.Model), out var renewal) && renewal.SignedOn!.Value.Year == 2020);

        renewedIn2020.ShouldBe(62);
    }

    [Fact]
    public void quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var roster = PublishedFiles.ReadText(FileName, $""""
            {Header}
            "FLORIDA","Sheriff's Office, Hernando County ""HCSO""",Jail Enforcement Model,2019-01-02,moa.pdf
            TEXAS,"Harris County
            Sheriff's Office",Warrant Service Officer,2020-03-04,
            "NEW YORK",Rensselaer County Sheriff's Office,JEM,2018-01-30,https://www.ice.gov/doclib/287gMOA/rensselaer.pdf
            """".Replace("\n", "\r\n", StringComparison.Ordinal));

        roster.Notes.ShouldBeEmpty();
        roster.Rows.ShouldBe(
        [
            new PublishedRow(2, UsState.FromCode("FL"), "Sheriff's Office, Hernando County \"HCSO\"", null, null, SupportModel.JEM, new DateOnly(2019, 1, 2), null, true),
            new PublishedRow(3, UsState.FromCode("TX"), "Harris County Sheriff's Office", null, null, SupportModel.WSO, new DateOnly(2020, 3, 4), null, false),
            new PublishedRow(5, UsState.FromCode("NY"), "Rensselaer County Sheriff's Office", null, null, SupportModel.JEM, new DateOnly(2018, 1, 30), "https://www.ice.gov/doclib/287gMOA/rensselaer.pdf", true),
        ]);
    }

    [Fact]
    public void columns_are_found_by_name_and_blank_lines_are_passed_over()
    {
        var roster = PublishedFiles.ReadText(FileName, """
            signed,moa_file,STATE,Agency,support

            2019-01-02,,FL,Hernando   County Sheriff's Office ,Warrant Service Officer
            """);

        roster.Notes.ShouldBeEmpty();
        roster.Rows.ShouldBe([new PublishedRow(3, UsState.FromCode("FL"), "Hernando County Sheriff's Office", null, null, SupportModel.WSO, new DateOnly(2019, 1, 2), null, false)]);
    }

    [Fact]
    public void unreadable_rows_are_skipped_with_the_value_that_failed()
    {
        var roster = PublishedFiles.ReadText(FileName, $"""
            {Header}
            FLORIDA,Hernando County Sheriff's Office,Jail Enforcement Model,2019-01-02,a.pdf
            FLORIDA,Polk County Sheriff's Office,Border Patrol,2019-01-02,b.pdf
            ATLANTIS,Poseidon Sheriff's Office,Jail Enforcement Model,2019-01-02,c.pdf
            FLORIDA,Levy County Sheriff's Office,Warrant Service Officer,2019-02-30,d.pdf
            FLORIDA,,Warrant Service Officer,2019-02-03,e.pdf
            FLORIDA,Hernando County Sheriff’s Office,JEM,2020-01-02,f.pdf
            FLORIDA,Pasco County Sheriff's Office, Jail Enforcement Model,2019-01-02
            """);

        roster.Rows.Select(row => (row.Line, row.Dispute)).ShouldBe([(2, "line 7 gives SIGNED 2020-01-02 for the same agreement")]);
        roster.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe(
        [
            (2, NoteKind.Interpreted, "disputed: line 7 gives SIGNED 2020-01-02 for the same agreement"),
            (3, NoteKind.Skipped, "unknown support type 'Border Patrol'"),
            (4, NoteKind.Skipped, "unknown state 'ATLANTIS'"),
            (5, NoteKind.Skipped, "unreadable SIGNED '2019-02-30'"),
            (6, NoteKind.Skipped, "agency name is empty"),
            (7, NoteKind.Skipped, "duplicate of line 2 (Hernando County Sheriff’s Office, JEM) that differs in SIGNED 2020-01-02; only line 2 is read"),
            (8, NoteKind.Skipped, "4 fields where the header has 5"),
        ]);
        roster.Notes[1].Text.ShouldBe("FLORIDA,Polk County Sheriff's Office,Border Patrol,2019-01-02,b.pdf");
    }

    [Theory]
    [InlineData("state,agency,support,signed\nFL,Polk County Sheriff's Office,JEM,2019-01-02\n", "moa_file")]
    [InlineData("", "empty")]
    [InlineData("state,agency,support,signed,moa_file\nFL,\"Polk County Sheriff's Office,JEM,2019-01-02,a.pdf\n", "never closed")]
    public void a_csv_without_the_roster_columns_or_with_an_open_quote_cannot_be_read(string content, string reason)
    {
        Should.Throw<UnreadablePublicationException>(() => PublishedFiles.ReadText(FileName, content)).Message.ShouldContain(reason);
    }
}
