using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class MisspellingTests
{
    private const string FileName = "list.xlsx";

    private static PublicationContent Pending(params TestCell?[][] rows)
    {
        using var workbook = TestWorkbook.Build([TestWorkbook.PendingHeader, .. rows]);
        return PublicationReader.Read(FileName, workbook);
    }

    [Theory]
    [InlineData("WEST VIRIGINIA", "WV", "state 'WEST VIRIGINIA' read as West Virginia (a misspelling seen in ICE's lists)")]
    [InlineData("PENNSLYVANIA", "PA", "state 'PENNSLYVANIA' read as Pennsylvania (a misspelling seen in ICE's lists)")]
    [InlineData("TENNESEE", "TN", "state 'TENNESEE' read as Tennessee, the closest state name (1 letter off)")]
    [InlineData("Pensylvannia", "PA", "state 'Pensylvannia' read as Pennsylvania, the closest state name (2 letters off)")]
    [InlineData("TEXS", "TX", "state 'TEXS' read as Texas, the closest state name (1 letter off)")]
    public void a_misspelled_state_is_read_as_the_one_state_it_can_be_and_noted(string published, string code, string note)
    {
        var publication = Pending([published, "Cobb County Sheriff's Office", "County", "Cobb County", "JEM"]);

        publication.Rows.Single().State.ShouldBe(UsState.FromCode(code));
        publication.Notes.Select(n => (n.Line, n.Kind, n.Reason)).ShouldBe([(2, NoteKind.Interpreted, note)]);
    }

    [Theory]
    [InlineData("SORTH DAKOTA", "unknown state 'SORTH DAKOTA' (as close to North Dakota as to South Dakota)")]
    [InlineData("RKANSAS", "unknown state 'RKANSAS' (as close to Arkansas as to Kansas)")]
    [InlineData("TEXASS FLORIDA", "unknown state 'TEXASS FLORIDA'")]
    [InlineData("ATLANTIS", "unknown state 'ATLANTIS'")]
    [InlineData("TXX", "unknown state 'TXX'")]
    public void a_state_close_to_two_states_or_to_none_is_skipped(string published, string reason)
    {
        var publication = Pending([published, "Cobb County Sheriff's Office", "County", "Cobb County", "JEM"]);

        publication.Rows.ShouldBeEmpty();
        publication.Notes.Select(n => (n.Line, n.Kind, n.Reason)).ShouldBe([(2, NoteKind.Skipped, reason)]);
    }

    [Theory]
    [InlineData("Warrant Services Officer", SupportModel.WSO, "support type 'Warrant Services Officer' read as Warrant Service Officer (a variant seen in ICE's lists)")]
    [InlineData("Task Force Officer", SupportModel.TFM, "support type 'Task Force Officer' read as Task Force Model (a variant seen in ICE's lists)")]
    [InlineData("Warrant Service Office", SupportModel.WSO, "support type 'Warrant Service Office' read as Warrant Service Officer (a variant seen in ICE's lists)")]
    [InlineData("Jail Enforcment Model ", SupportModel.JEM, "support type 'Jail Enforcment Model' read as Jail Enforcement Model (a variant seen in ICE's lists)")]
    [InlineData("Jail Enforcement Modle", SupportModel.JEM, "support type 'Jail Enforcement Modle' read as Jail Enforcement Model, the closest support type (1 letter off)")]
    public void a_misspelled_support_type_is_read_as_the_one_model_it_can_be_and_noted(string published, SupportModel model, string note)
    {
        var publication = Pending(["GEORGIA", "Cobb County Sheriff's Office", "County", "Cobb County", published]);

        publication.Rows.Single().Model.ShouldBe(model);
        publication.Notes.Select(n => (n.Line, n.Kind, n.Reason)).ShouldBe([(2, NoteKind.Interpreted, note)]);
    }

    [Theory]
    [InlineData("Border Patrol Model")]
    [InlineData("TFO")]
    public void a_support_type_far_from_every_model_is_skipped(string published)
    {
        var publication = Pending(["GEORGIA", "Cobb County Sheriff's Office", "County", "Cobb County", published]);

        publication.Rows.ShouldBeEmpty();
        publication.Notes.Select(n => (n.Line, n.Kind, n.Reason)).ShouldBe([(2, NoteKind.Skipped, $"unknown support type '{published}'")]);
    }

    [Fact]
    public void a_roster_reads_misspellings_the_same_way()
    {
        var roster = PublishedFiles.ReadText("roster.csv", """
            state,agency,support,signed,moa_file
            WEST VIRIGINIA,Kanawha County Sheriff's Office,Warrant Services Officer,2019-03-04,
            """);

        roster.Rows.Single().ShouldBe(new PublishedRow(2, UsState.FromCode("WV"), "Kanawha County Sheriff's Office", null, null, SupportModel.WSO, new DateOnly(2019, 3, 4), null, false));
        roster.Notes.Select(n => n.Reason).ShouldBe(
        [
            "state 'WEST VIRIGINIA' read as West Virginia (a misspelling seen in ICE's lists)",
            "support type 'Warrant Services Officer' read as Warrant Service Officer (a variant seen in ICE's lists)",
        ]);
    }

    [Fact]
    public void the_page_text_reads_the_misspellings_seen_in_ice_lists()
    {
        var page = PublishedFiles.ReadText("page.txt", """
            Mutually Signed Agreements
            STATELAW ENFORCEMENT AGENCYSUPPORT TYPESIGNEDMOA
            WEST VIRIGINIAKanawha County Sheriff's OfficeWarrant Services Officer2019-03-04link
            """);

        page.Rows.Single().ShouldBe(new PublishedRow(3, UsState.FromCode("WV"), "Kanawha County Sheriff's Office", null, null, SupportModel.WSO, new DateOnly(2019, 3, 4), null, true));
        page.Notes.Select(n => n.Reason).ShouldBe(
        [
            "state 'WEST VIRIGINIA' read as West Virginia (a misspelling seen in ICE's lists)",
            "support type 'Warrant Services Officer' read as Warrant Service Officer (a variant seen in ICE's lists)",
        ]);
    }

    [Theory]
    [InlineData("Muncipality ", "TYPE 'Muncipality' read as Municipality, the closest agency type (1 letter off)")]
    [InlineData("Countyy", "TYPE 'Countyy' read as County, the closest agency type (1 letter off)")]
    public void a_misspelled_agency_type_is_read_as_the_one_type_it_can_be_and_noted(string published, string note)
    {
        var publication = Pending(["GEORGIA", "Cobb County Sheriff's Office", published, "Cobb County", "JEM"]);

        publication.Rows.Single().AgencyType.ShouldNotBeNull();
        publication.Notes.Select(n => (n.Line, n.Kind, n.Reason)).ShouldBe([(2, NoteKind.Interpreted, note)]);
    }
}
