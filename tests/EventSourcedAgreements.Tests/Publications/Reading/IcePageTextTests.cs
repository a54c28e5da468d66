using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class IcePageTextTests
{
    private const string FileName = "ice-287g-page-2019-05-20.txt";

    private static readonly PublicationContent Page = PublishedFiles.Read(FileName);

    [Fact]
    public void the_2019_page_lists_80_jail_enforcement_agreements_in_21_states_and_10_warrant_service_agreements_in_florida()
    {
        Page.Kind.ShouldBe(PublicationKind.Participating);
        Page.Rows.Count.ShouldBe(90);
        Page.Rows.CountBy(row => row.Model).ShouldBe("JEM=80, WSO=10");
        Page.Rows.Where(row => row.Model == SupportModel.JEM).Select(row => row.State.Code).Distinct().Count().ShouldBe(21);
        Page.Rows.Where(row => row.Model == SupportModel.WSO).ShouldAllBe(row => row.State.Code == "FL");
        Page.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void only_the_rows_of_the_mutually_signed_agreements_table_count_each_with_its_line_in_the_file()
    {
        Page.Rows[0].ShouldBe(new PublishedRow(59, UsState.FromCode("AL"), "Etowah County Sheriff's Office", null, null, SupportModel.JEM, new DateOnly(2016, 6, 8), null, true));
        Page.Rows[^1].Line.ShouldBe(148);
        Page.Rows.Select(row => row.Line).ShouldBe(Enumerable.Range(59, 90));
    }

    [Fact]
    public void hernando_county_holds_a_jail_enforcement_and_a_warrant_service_agreement()
    {
        var hernando = Page.Rows.Where(row => row.AgencyId == "fl-hernando-county-sheriffs-office").ToList();

        hernando.Select(row => (row.Model, row.SignedOn, row.MoaPosted)).ShouldBe(
        [
            (SupportModel.JEM, new DateOnly(2018, 2, 27), true),
            (SupportModel.WSO, new DateOnly(2019, 5, 6), false),
        ]);
    }

    [Fact]
    public void states_of_several_words_are_read_from_their_capitals()
    {
        Page.Rows.Single(row => row.AgencyName == "Rensselaer County Sheriff's Office").State.Code.ShouldBe("NY");
        Page.Rows.Count(row => row.State.Code == "NC").ShouldBe(4);
        Page.Rows.Count(row => row.State.Code == "NJ").ShouldBe(3);
        Page.Rows.Count(row => row.State.Code == "SC").ShouldBe(4);
        Page.Rows.Count(row => row.State.Code == "TX").ShouldBe(25);
    }

    [Fact]
    public void the_link_marks_a_posted_moa_whose_address_the_text_does_not_hold()
    {
        Page.Rows.Count(row => row.MoaPosted).ShouldBe(74);
        Page.Rows.ShouldAllBe(row => row.MoaUrl == null);
        Page.Rows.Single(row => row.AgencyName == "Arizona Department of Corrections")
            .ShouldBe(new PublishedRow(60, UsState.FromCode("AZ"), "Arizona Department of Corrections", null, null, SupportModel.JEM, new DateOnly(2016, 6, 8), null, true));
    }

    [Fact]
    public void agency_names_keep_their_published_apostrophes()
    {
        var pasco = Page.Rows.Single(row => row.AgencyId == "fl-pasco-county-sheriffs-office");

        pasco.AgencyName.ShouldBe("Pasco County Sheriff\u2019s Office");
        Page.Rows.Single(row => row.AgencyId == "nj-cape-may-county-sheriffs-office").AgencyName.ShouldBe("Cape May County Sheriffs Office");
    }

    [Fact]
    public void rows_that_cannot_be_read_are_skipped_with_the_value_that_failed()
    {
        var page = PublishedFiles.ReadText(FileName, """
            Participating Entities
            FLORIDASomewhere Sheriff's OfficeJail Enforcement Model2019-01-01link

            Mutually Signed Agreements
            STATELAW ENFORCEMENT AGENCYSUPPORT TYPESIGNEDMOA
            ATLANTISPoseidon Sheriff's OfficeJail Enforcement Model2019-01-01link
            TEXASHarris County Sheriff's OfficeBorder Patrol Model2019-01-01
            TEXASBexar County Sheriff's OfficeJail Enforcement Model2019-02-30
            TEXASDallas County Sheriff's OfficeJail Enforcement Model
            WEST VIRGINIAKanawha County Sheriff's OfficeWarrant Service Officer2019-03-04
            WEST VIRGINIAKanawha County Sheriffs OfficeWarrant Service Officer2019-03-05link

            Last Reviewed/Updated: 05/20/2019
            TEXASAfter The Table Sheriff's OfficeJail Enforcement Model2019-01-01
            """);

        page.Rows.ShouldBe([new PublishedRow(10, UsState.FromCode("WV"), "Kanawha County Sheriff's Office", null, null, SupportModel.WSO, new DateOnly(2019, 3, 4), null, false, "line 11 gives SIGNED 2019-03-05 for the same agreement")]);
        page.Notes.ShouldBe(
        [
            new RowNote(6, "ATLANTISPoseidon Sheriff's OfficeJail Enforcement Model2019-01-01link", NoteKind.Skipped, "unknown state 'ATLANTIS'"),
            new RowNote(7, "TEXASHarris County Sheriff's OfficeBorder Patrol Model2019-01-01", NoteKind.Skipped, "unknown support type at the end of 'TEXASHarris County Sheriff's OfficeBorder Patrol Model'"),
            new RowNote(8, "TEXASBexar County Sheriff's OfficeJail Enforcement Model2019-02-30", NoteKind.Skipped, "unreadable SIGNED '2019-02-30'"),
            new RowNote(9, "TEXASDallas County Sheriff's OfficeJail Enforcement Model", NoteKind.Skipped, "no SIGNED date at the end of the row"),
            new RowNote(10, "WEST VIRGINIAKanawha County Sheriff's OfficeWarrant Service Officer2019-03-04", NoteKind.Interpreted, "disputed: line 11 gives SIGNED 2019-03-05 for the same agreement"),
            new RowNote(11, "WEST VIRGINIAKanawha County Sheriffs OfficeWarrant Service Officer2019-03-05link", NoteKind.Skipped, "duplicate of line 10 (Kanawha County Sheriffs Office, WSO) that differs in SIGNED 2019-03-05, MOA posted; only line 10 is read"),
        ]);
    }

    [Fact]
    public void a_page_without_the_table_cannot_be_read()
    {
        Should.Throw<UnreadablePublicationException>(() => PublishedFiles.ReadText(FileName, "Delegation of Immigration Authority Section 287(g)\nOverview\n"))
            .Message.ShouldContain("Mutually Signed Agreements");
    }
}
