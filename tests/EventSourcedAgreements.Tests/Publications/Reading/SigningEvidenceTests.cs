using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class SigningEvidenceTests
{
    private const string FileName = "participating.xlsx";
    private const string MoaFolder = "https://www.ice.gov/doclib/287gMOA/";
    private const string TaskForceGap = "falls between the Task Force Model's end (2012-12-31) and its return in 2025";
    private static readonly DateOnly PublishedOn = new(2026, 4, 1);

    private static PublicationContent Participating(string support, TestCell signed, TestCell moa, DateOnly? publishedOn = null)
    {
        using var workbook = TestWorkbook.Build(
            TestWorkbook.ParticipatingHeader,
            ["FLORIDA", "Marion County Sheriff's Office", "County", "Marion County", support, signed, moa]);
        return publishedOn is { } date ? PublicationReader.Read(FileName, workbook, date) : PublicationReader.Read(FileName, workbook);
    }

    private static Linked Moa(string document) => new("link", MoaFolder + document);

    [Theory]
    [InlineData("287gTFM_MarionCoFL2026-03-19.pdf")]
    [InlineData("MarionCoFL_TFM_MOA_20260319.pdf")]
    [InlineData("MarionCoFL_TFM_MOA_03192026.pdf")]
    [InlineData("MarionCoFL_TFM_MOA_03.19.2026.pdf")]
    [InlineData("MarionCoFL_TFM_MOA_03.19.26.pdf")]
    [InlineData("MarionCoFL_TFM_MOA_031926.pdf")]
    [InlineData("287g_TFM_MarionCoFL_3-19-2026.pdf")]
    public void a_task_force_row_signed_in_2016_whose_moa_file_is_dated_2026_is_read_as_signed_in_2026(string document)
    {
        var publication = Participating("Task Force Model", "2016-03-19", Moa(document), PublishedOn);

        var row = publication.Rows.Single();
        row.SignedOn.ShouldBe(new DateOnly(2026, 3, 19));
        row.Dispute.ShouldBeNull();
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe(
        [
            (2, NoteKind.Interpreted, $"SIGNED 2016-03-19 read as 2026-03-19, the date in the MOA file name '{document}': 2016-03-19 {TaskForceGap}"),
        ]);
    }

    [Fact]
    public void a_task_force_row_signed_between_2013_and_2024_with_no_dated_moa_is_kept_as_printed_and_disputed()
    {
        var publication = Participating("Task Force Model", 42448, "link pending");

        var row = publication.Rows.Single();
        row.SignedOn.ShouldBe(new DateOnly(2016, 3, 19));
        row.Dispute.ShouldBe($"SIGNED 2016-03-19 {TaskForceGap}");
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe([(2, NoteKind.Interpreted, $"disputed: SIGNED 2016-03-19 {TaskForceGap}")]);
    }

    [Theory]
    [InlineData("Task Force Model", "2012-12-31")]
    [InlineData("Task Force Model", "2025-01-01")]
    [InlineData("Jail Enforcement Model", "2016-03-19")]
    [InlineData("Warrant Service Officer", "2002-01-01")]
    [InlineData("Warrant Service Officer", "2026-04-01")]
    public void a_date_when_its_model_existed_up_to_the_publication_date_is_not_disputed(string support, string signed)
    {
        var publication = Participating(support, signed, "link pending", PublishedOn);

        publication.Rows.Single().Dispute.ShouldBeNull();
        publication.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void a_signing_date_after_the_publication_date_is_disputed_when_nothing_else_dates_it()
    {
        var publication = Participating("Warrant Service Officer", "2026-04-02", "link pending", PublishedOn);

        publication.Rows.Single().Dispute.ShouldBe("SIGNED 2026-04-02 is after the list's publication (2026-04-01)");
    }

    [Fact]
    public void without_a_publication_date_a_date_in_the_future_is_not_doubted()
    {
        var publication = Participating("Warrant Service Officer", "2026-04-02", "link pending");

        publication.Rows.Single().Dispute.ShouldBeNull();
        publication.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void a_signing_date_after_the_publication_date_is_read_as_the_moa_file_date_when_that_one_is_plausible()
    {
        var publication = Participating("Jail Enforcement Model", "2027-03-02", Moa("MarionCoFL_JEM_MOA_03.02.2026.pdf"), PublishedOn);

        publication.Rows.Single().SignedOn.ShouldBe(new DateOnly(2026, 3, 2));
        publication.Notes.Single().Reason.ShouldBe(
            "SIGNED 2027-03-02 read as 2026-03-02, the date in the MOA file name 'MarionCoFL_JEM_MOA_03.02.2026.pdf': 2027-03-02 is after the list's publication (2026-04-01)");
    }

    [Fact]
    public void a_signing_date_before_2002_is_read_as_the_moa_file_date_or_disputed()
    {
        var dated = Participating("Jail Enforcement Model", "1919-03-04", Moa("287gJEM_MarionCoFL2019-03-04.pdf"));
        var undated = Participating("Jail Enforcement Model", "1919-03-04", "link pending");

        dated.Rows.Single().SignedOn.ShouldBe(new DateOnly(2019, 3, 4));
        dated.Notes.Single().Reason.ShouldBe(
            "SIGNED 1919-03-04 read as 2019-03-04, the date in the MOA file name '287gJEM_MarionCoFL2019-03-04.pdf': 1919-03-04 is before 2002, when the first 287(g) agreement was signed");
        undated.Rows.Single().SignedOn.ShouldBe(new DateOnly(1919, 3, 4));
        undated.Rows.Single().Dispute.ShouldBe("SIGNED 1919-03-04 is before 2002, when the first 287(g) agreement was signed");
    }

    [Fact]
    public void a_plausible_signing_date_that_disagrees_with_a_plausible_moa_file_date_is_kept_as_printed_and_disputed()
    {
        var publication = Participating("Task Force Model", "2025-04-10", Moa("EdgewaterPoliceDeptFL_TFM_MOA_07022025.pdf"), new DateOnly(2025, 7, 18));

        var row = publication.Rows.Single();
        row.SignedOn.ShouldBe(new DateOnly(2025, 4, 10));
        row.Dispute.ShouldBe("SIGNED 2025-04-10 disagrees with 2025-07-02, the date in the MOA file name 'EdgewaterPoliceDeptFL_TFM_MOA_07022025.pdf'");
        publication.Notes.Single().ShouldBe(new RowNote(
            2,
            "FLORIDA | Marion County Sheriff's Office | County | Marion County | Task Force Model | 2025-04-10 | link",
            NoteKind.Interpreted,
            "disputed: SIGNED 2025-04-10 disagrees with 2025-07-02, the date in the MOA file name 'EdgewaterPoliceDeptFL_TFM_MOA_07022025.pdf'"));
    }

    [Theory]
    [InlineData("2025-04-10", "MarionCoFL_TFM_MOA_04.10.2025.pdf")]
    [InlineData("2025-04-10", "MarionCoFL_TFM_MOA_06.09.2025.pdf")]
    [InlineData("2025-06-09", "MarionCoFL_TFM_MOA_04.10.2025.pdf")]
    [InlineData("2025-04-10", "MarionCoFL_TFM_MOA_04.10.2026.pdf")]
    [InlineData("2025-04-10", "MarionCoFL_TFM_MOA.pdf")]
    [InlineData("2025-04-10", "MarionCoFL_TFM_MOA_0410025.pdf")]
    public void a_moa_file_date_within_the_correction_rule_or_no_date_at_all_leaves_the_printed_date_alone(string signed, string document)
    {
        var publication = Participating("Task Force Model", signed, Moa(document), PublishedOn);

        publication.Rows.Single().SignedOn.ShouldBe(DateOnly.Parse(signed, System.Globalization.CultureInfo.InvariantCulture));
        publication.Rows.Single().Dispute.ShouldBeNull();
        publication.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void a_moa_file_date_61_days_later_than_the_printed_date_disputes_it()
    {
        var publication = Participating("Task Force Model", "2025-04-10", Moa("MarionCoFL_TFM_MOA_06.10.2025.pdf"), PublishedOn);

        publication.Rows.Single().Dispute.ShouldNotBeNull();
    }

    [Fact]
    public void a_printed_date_is_kept_over_an_implausible_moa_file_date_and_the_choice_is_noted()
    {
        var publication = Participating("Task Force Model", "2025-03-07", Moa("MarionCoFL_TFM_MOA_03.07.2035.pdf"), PublishedOn);

        publication.Rows.Single().SignedOn.ShouldBe(new DateOnly(2025, 3, 7));
        publication.Rows.Single().Dispute.ShouldBeNull();
        publication.Notes.Single().Reason.ShouldBe(
            "SIGNED 2025-03-07 read as printed: 2035-03-07, the date in the MOA file name 'MarionCoFL_TFM_MOA_03.07.2035.pdf', is after the list's publication (2026-04-01)");
    }

    [Fact]
    public void a_signing_date_and_a_moa_file_date_both_implausible_are_disputed_naming_both()
    {
        var publication = Participating("Task Force Model", "2016-03-19", Moa("MarionCoFL_TFM_MOA_03.19.2017.pdf"), PublishedOn);

        publication.Rows.Single().SignedOn.ShouldBe(new DateOnly(2016, 3, 19));
        publication.Rows.Single().Dispute.ShouldBe(
            $"SIGNED 2016-03-19 {TaskForceGap}; 2017-03-19, the date in the MOA file name 'MarionCoFL_TFM_MOA_03.19.2017.pdf', {TaskForceGap}");
    }

    [Fact]
    public void an_addendum_signed_after_the_date_of_its_moa_file_is_not_disputed()
    {
        var roster = PublishedFiles.ReadText("roster.csv", """
            state,agency,support,signed,moa_file
            NEW JERSEY,Monmouth County Sheriff's Office (Addendum),Jail Enforcement Model,2019-03-08,287gJEM_MonmouthCoNj2016-06-08.pdf
            NEW JERSEY,Hudson County Sheriff's Office,Jail Enforcement Model,2019-03-08,287gJEM_HudsonCoNj2016-06-08.pdf
            """);

        roster.Rows.Select(row => (row.Line, row.Dispute)).ShouldBe(
        [
            (2, (string?)null),
            (3, "SIGNED 2019-03-08 disagrees with 2016-06-08, the date in the MOA file name '287gJEM_HudsonCoNj2016-06-08.pdf'"),
        ]);
    }

    [Fact]
    public void the_service_csv_weighs_its_moa_link_the_same_way()
    {
        var publication = PublishedFiles.ReadText("participants.csv", """
            STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED,MOA
            Florida,Marion County Sheriff's Office,Task Force Model,2016-03-19,https://www.ice.gov/doclib/287gMOA/287gTFM_MarionCoFL2026-03-19.pdf
            """);

        publication.Rows.Single().SignedOn.ShouldBe(new DateOnly(2026, 3, 19));
    }
}
