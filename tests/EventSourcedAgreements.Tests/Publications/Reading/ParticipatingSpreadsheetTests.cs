using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class ParticipatingSpreadsheetTests
{
    private const string FileName = "participating.xlsx";

    private static readonly PublicationContent May = PublishedFiles.Read("ice-287g-participating-2025-05-16.xlsx");
    private static readonly PublicationContent July = PublishedFiles.Read("ice-287g-participating-2025-07-18.xlsx");

    [Fact]
    public void the_may_2025_spreadsheet_lists_275_task_force_205_warrant_service_and_91_jail_enforcement_agreements()
    {
        May.Kind.ShouldBe(PublicationKind.Participating);
        May.Rows.Count.ShouldBe(571);
        May.Rows.CountBy(row => row.Model).ShouldBe("JEM=91, TFM=275, WSO=205");
        May.Rows.CountBy(row => row.AgencyType).ShouldBe("County=406, Municipality=128, State=37");
        May.Rows.Select(row => row.State).Distinct().Count().ShouldBe(40);
        May.Rows.Count(row => row.State.Code == "FL").ShouldBe(255);
        May.Rows.Select(row => row.Line).ShouldBe(Enumerable.Range(2, 571));
    }

    [Fact]
    public void rows_carry_the_signing_date_from_its_excel_serial_and_the_moa_address_from_its_hyperlink()
    {
        May.Rows.Single(row => row.Line == 4).ShouldBe(new PublishedRow(
            4, UsState.FromCode("AL"), "Crenshaw County Sheriff's Office", AgencyType.County, "Crenshaw County", SupportModel.WSO,
            new DateOnly(2025, 4, 16), "https://www.ice.gov/doclib/287gMOA/CrenshawCoAL_WSO_MOA_04.16.2025.pdf", true));
        May.Rows.Single(row => row.Line == 2).ShouldBe(new PublishedRow(
            2, UsState.FromCode("AL"), "Colbert County Sheriff's Office", AgencyType.County, "Colbert County", SupportModel.JEM,
            new DateOnly(2025, 5, 8), null, false));
    }

    [Fact]
    public void moa_addresses_are_absolute_web_addresses_and_ten_of_may_are_published_as_plain_http()
    {
        var addresses = May.Rows.Select(row => row.MoaUrl).OfType<string>().ToList();

        addresses.Count.ShouldBe(416);
        addresses.ShouldAllBe(url => Uri.IsWellFormedUriString(url, UriKind.Absolute));
        addresses.Count(url => url.StartsWith("https://", StringComparison.Ordinal)).ShouldBe(406);
        addresses.Where(url => !url.StartsWith("https://", StringComparison.Ordinal))
            .ShouldAllBe(url => url.StartsWith("http://www.ice.gov/doclib/287gMOA/", StringComparison.Ordinal));
        May.Rows.Count(row => !row.MoaPosted).ShouldBe(152);
        May.Rows.Single(row => row.Line == 264).MoaUrl.ShouldBe("https://www.ice.gov/doclib/287gMOA/UnivFLPDFL_TFM_MOA_041525.pdf");
    }

    [Fact]
    public void the_may_spreadsheet_is_read_with_notes_for_missing_counties_unlinked_addenda_and_a_date_typed_as_text()
    {
        May.Notes.ShouldAllBe(note => note.Kind == NoteKind.Interpreted);
        May.Notes.Count(note => note.Reason == "COUNTY '#N/A' read as no county").ShouldBe(165);
        May.Rows.Count(row => row.County == null).ShouldBe(165);
        May.Notes.Where(note => note.Reason.StartsWith("MOA", StringComparison.Ordinal)).Select(note => (note.Line, note.Reason)).ShouldBe(
        [
            (454, "MOA 'link | addendum' has no hyperlink; read as posted, without a URL"),
            (501, "MOA 'link | addendum' has no hyperlink; read as posted, without a URL"),
            (504, "MOA 'link | addendum' has no hyperlink; read as posted, without a URL"),
        ]);
        May.Notes.Single(note => note.Reason.StartsWith("SIGNED", StringComparison.Ordinal))
            .ShouldBe(new RowNote(
                545,
                "VIRGINIA | Campbell County Sheriff's Office | County | Campbell County | Task Force Model | 05/082025 | link pending",
                NoteKind.Interpreted,
                "SIGNED '05/082025' read as 2025-05-08 (slash missing before the year)"));
        May.Rows.Single(row => row.Line == 545).SignedOn.ShouldBe(new DateOnly(2025, 5, 8));
        May.Notes.Count.ShouldBe(169);
    }

    [Fact]
    public void the_july_2025_spreadsheet_reads_all_832_rows_and_disputes_the_one_signed_in_5025_and_three_whose_moa_file_is_dated_otherwise()
    {
        July.Rows.Count.ShouldBe(832);
        July.Rows.CountBy(row => row.Model).ShouldBe("JEM=117, TFM=415, WSO=300");
        July.Notes.ShouldNotContain(note => note.Kind == NoteKind.Skipped);
        July.Rows.Where(row => row.Dispute != null).Select(row => (row.Line, row.Dispute)).ShouldBe(
        [
            (109, "SIGNED 2025-04-10 disagrees with 2025-07-02, the date in the MOA file name 'EdgewaterPoliceDeptFL_TFM_MOA_07022025.pdf'"),
            (125, "SIGNED 2025-02-14 disagrees with 2025-04-25, the date in the MOA file name 'FloridaDeptEnvironProtectDivLawEnf_TFM_MOA_04252025.pdf'"),
            (544, "SIGNED 2025-06-13 disagrees with 2025-03-21, the date in the MOA file name 'WinklerCoSheriffsOfficeTX_JEM_MOA_03.21.2025.pdf'"),
            (639, "SIGNED 5025-07-07 is after 2099"),
        ]);
        July.Notes.Single(note => note.Line == 639).ShouldBe(new RowNote(
            639,
            "TENNESSEE | Grundy County Sheriff's Office | County | Grundy County | Warrant Service Officer | 1141572 | link pending",
            NoteKind.Interpreted,
            "disputed: SIGNED 5025-07-07 is after 2099"));
        PublishedFiles.Read("ice-287g-participating-2025-07-18.xlsx", new DateOnly(2025, 7, 18)).Rows.Single(row => row.Line == 639).Dispute
            .ShouldBe("SIGNED 5025-07-07 is after the list's publication (2025-07-18)");
        July.Rows.Single(row => row.Line == 775).SignedOn.ShouldBe(new DateOnly(2025, 7, 7));
        July.Notes.Count(note => note.Reason == "COUNTY '#N/A' read as no county").ShouldBe(227);
        July.Notes.Single(note => note.Reason == "COUNTY '#NA' read as no county").Line.ShouldBe(435);
        July.Rows.Single(row => row.Line == 785).SignedOn.ShouldBe(new DateOnly(2025, 5, 8));
    }

    [Fact]
    public void outlook_safe_links_in_july_are_read_as_the_addresses_they_wrap()
    {
        var addresses = July.Rows.Select(row => row.MoaUrl).OfType<string>().ToList();

        addresses.Count.ShouldBe(603);
        addresses.ShouldAllBe(url => Uri.IsWellFormedUriString(url, UriKind.Absolute) && url.StartsWith("http", StringComparison.Ordinal));
        addresses.ShouldNotContain(url => url.Contains("safelinks", StringComparison.OrdinalIgnoreCase));
        July.Notes.Count(note => note.Reason.StartsWith("MOA hyperlink is an Outlook Safe Links wrapper", StringComparison.Ordinal)).ShouldBe(168);
        July.Rows.Single(row => row.Line == 4).MoaUrl.ShouldBe("https://www.ice.gov/doclib/287gMOA/ColbertCoSheriffsOfficeAL_WSO_MOA_05.08.25.pdf");
    }

    [Fact]
    public void support_types_with_trailing_spaces_are_read()
    {
        var taskForces = July.Rows.Where(row => row.Line is 45 or 48 or 432 or 435 or 579 or 582 or 591 or 597).ToList();

        taskForces.Count.ShouldBe(8);
        taskForces.ShouldAllBe(row => row.Model == SupportModel.TFM);
        July.Rows.Single(row => row.Line == 314).Model.ShouldBe(SupportModel.JEM);
        July.Rows.Single(row => row.Line == 314).AgencyName.ShouldBe("St. Johns County Sheriff's Office");
    }

    [Fact]
    public void all_but_15_of_the_may_agreements_reappear_in_july_under_the_same_agency_and_model()
    {
        var julyAgreements = July.Rows.Select(row => (row.AgencyId, row.Model)).ToHashSet();

        May.Rows.Count(row => julyAgreements.Contains((row.AgencyId, row.Model))).ShouldBe(556);
    }

    [Fact]
    public void columns_are_found_by_header_name_with_shared_and_inline_strings_and_blank_rows_are_passed_over()
    {
        using var workbook = TestWorkbook.Build(
            [new InlineText("MOA"), "SIGNED", "SUPPORT TYPE", "COUNTY", "TYPE", new InlineText(" law enforcement  agency "), "STATE"],
            [],
            [null, null, null, new InlineText("   ")],
            [new Linked("link", "https://www.ice.gov/doclib/287gMOA/hernando.pdf"), 43158, new InlineText("Jail Enforcement Model "), "Hernando County", "County", "Hernando  County Sheriff's Office ", new InlineText("Florida")],
            [new InlineText("link pending"), "2019-05-06", "WSO", new ErrorValue("#N/A"), "Sheriff", "Hernando County Sheriff's Office", "FL"]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Rows.ShouldBe(
        [
            new PublishedRow(4, UsState.FromCode("FL"), "Hernando County Sheriff's Office", AgencyType.County, "Hernando County", SupportModel.JEM, new DateOnly(2018, 2, 27), "https://www.ice.gov/doclib/287gMOA/hernando.pdf", true),
            new PublishedRow(5, UsState.FromCode("FL"), "Hernando County Sheriff's Office", null, null, SupportModel.WSO, new DateOnly(2019, 5, 6), null, false),
        ]);
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe(
        [
            (5, NoteKind.Interpreted, "TYPE 'Sheriff' is not an agency type; read as none"),
            (5, NoteKind.Interpreted, "COUNTY '#N/A' read as no county"),
        ]);
    }

    [Fact]
    public void unreadable_rows_are_skipped_with_the_value_that_failed_and_duplicates_point_at_the_first()
    {
        using var workbook = TestWorkbook.Build(
            TestWorkbook.ParticipatingHeader,
            ["TEXAS", "Harris County Sheriff's Office (Addendum)", "County", "Harris County", "Task Force Model", 45700, "link"],
            ["TEXAS", "Bexar County Sheriff's Office", "County", "Bexar County", "Border Patrol", 45700, "link pending"],
            ["ATLANTIS", "Poseidon Police Department", "Municipality", "Atlantis", "Task Force Model", 45700, "link pending"],
            ["TEXAS", "Dallas County Sheriff's Office", "County", "Dallas County", "Task Force Model", "13/45/2025", "link pending"],
            ["TEXAS", "Travis County Sheriff's Office", "County", "Travis County", "Task Force Model", new ErrorValue("#VALUE!"), "link pending"],
            ["TEXAS", "Harris County Sheriff’s Office", "County", "Harris County", "TFM", 45710, new Linked("link", "https://www.ice.gov/doclib/287gMOA/harris.pdf")],
            ["TEXAS", "Harris County Sheriff's Office", "County", "Harris County", "Warrant Service Officer", "05/16/2025", new Linked("link", "https://www.ice.gov/doclib/287gMOA/harris-wso.pdf")]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Rows.Select(row => (row.Line, row.AgencyName, row.Model, row.SignedOn, row.MoaUrl, row.MoaPosted)).ShouldBe(
        [
            (2, "Harris County Sheriff's Office", SupportModel.TFM, new DateOnly(2025, 2, 12), (string?)null, true),
            (8, "Harris County Sheriff's Office", SupportModel.WSO, new DateOnly(2025, 5, 16), "https://www.ice.gov/doclib/287gMOA/harris-wso.pdf", true),
        ]);
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe(
        [
            (2, NoteKind.Interpreted, "agency name 'Harris County Sheriff's Office (Addendum)' read as 'Harris County Sheriff's Office'"),
            (2, NoteKind.Interpreted, "MOA 'link' has no hyperlink; read as posted, without a URL"),
            (2, NoteKind.Interpreted, "disputed: line 7 gives SIGNED 2025-02-22 for the same agreement"),
            (3, NoteKind.Skipped, "unknown support type 'Border Patrol'"),
            (4, NoteKind.Skipped, "unknown state 'ATLANTIS'"),
            (5, NoteKind.Skipped, "unreadable SIGNED '13/45/2025'"),
            (6, NoteKind.Skipped, "unreadable SIGNED '#VALUE!'"),
            (7, NoteKind.Skipped, "duplicate of line 2 (Harris County Sheriff’s Office, TFM) that differs in SIGNED 2025-02-22, MOA https://www.ice.gov/doclib/287gMOA/harris.pdf; only line 2 is read"),
        ]);
    }

    [Fact]
    public void a_participating_spreadsheet_without_its_moa_column_cannot_be_read()
    {
        using var workbook = TestWorkbook.Build(
            ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED"],
            ["TEXAS", "Harris County Sheriff's Office", "County", "Harris County", "Task Force Model", 45700]);

        Should.Throw<UnreadablePublicationException>(() => PublicationReader.Read(FileName, workbook)).Message.ShouldContain("MOA");
    }

    [Theory]
    [InlineData(46067, "https:/www.ice.gov/doclib/287gMOA/CherokeePDAL_TFM_%20MOA_02142026.pdf", "https://www.ice.gov/doclib/287gMOA/CherokeePDAL_TFM_%20MOA_02142026.pdf")]
    [InlineData(45762, "chrome-extension://efaidnbmnnnibpcajpcglclefindmkaj/https:/www.ice.gov/doclib/287gMOA/UnivFLPDFL_TFM_MOA_041525.pdf", "https://www.ice.gov/doclib/287gMOA/UnivFLPDFL_TFM_MOA_041525.pdf")]
    [InlineData(45762, "chrome-extension://efaidnbmnnnibpcajpcglclefindmkaj/https://www.ice.gov/doclib/287gMOA/UnivFLPDFL_TFM_MOA_041525.pdf", "https://www.ice.gov/doclib/287gMOA/UnivFLPDFL_TFM_MOA_041525.pdf")]
    public void a_moa_hyperlink_with_a_slash_missing_or_inside_a_pdf_viewer_address_is_read_as_the_web_address_it_holds(double signed, string hyperlink, string url)
    {
        using var workbook = TestWorkbook.Build(
            TestWorkbook.ParticipatingHeader,
            ["FLORIDA", "University of Florida Police Department", "State", null, "Task Force Model", signed, new Linked("link", hyperlink)]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Rows.Single().MoaUrl.ShouldBe(url);
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe([(2, NoteKind.Interpreted, $"MOA hyperlink '{hyperlink}' read as {url}")]);
    }
}
