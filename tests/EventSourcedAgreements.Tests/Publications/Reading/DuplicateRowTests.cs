using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class DuplicateRowTests
{
    private const string FileName = "participating.xlsx";

    [Fact]
    public void a_row_repeated_in_one_list_is_read_once_and_the_repeat_names_the_line_it_repeats()
    {
        using var workbook = TestWorkbook.Build(
            TestWorkbook.ParticipatingHeader,
            ["FLORIDA", "Volusia County Sheriff's Office", "County", "Volusia County", "Task Force Model", 45700, "link pending"],
            ["FLORIDA", "Volusia County Sheriff’s Office", "County", "Volusia County ", "Task Force Model ", 45700, "link pending"],
            ["FLORIDA", "Volusia County Sheriff's Office", "County", "Volusia County", "TFM", 45700, "link pending"]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Rows.Select(row => (row.Line, row.Model, row.Dispute)).ShouldBe([(2, SupportModel.TFM, (string?)null)]);
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe(
        [
            (3, NoteKind.Interpreted, "repeats line 2 (Volusia County Sheriff’s Office, TFM); read once"),
            (4, NoteKind.Interpreted, "repeats line 2 (Volusia County Sheriff's Office, TFM); read once"),
        ]);
    }

    [Fact]
    public void a_second_row_for_the_same_agreement_with_another_signing_date_is_skipped_and_disputes_the_first()
    {
        using var workbook = TestWorkbook.Build(
            TestWorkbook.ParticipatingHeader,
            ["TEXAS", "Harris County Sheriff's Office", "County", "Harris County", "Task Force Model", 45700, "link pending"],
            ["TEXAS", "Harris County Sheriff's Office", "County", "Harris County", "Task Force Model", 45710, new Linked("link", "https://www.ice.gov/doclib/287gMOA/harris.pdf")]);

        var publication = PublicationReader.Read(FileName, workbook);

        publication.Rows.Select(row => (row.Line, row.SignedOn, row.Dispute)).ShouldBe(
        [
            (2, (DateOnly?)new DateOnly(2025, 2, 12), "line 3 gives SIGNED 2025-02-22 for the same agreement"),
        ]);
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe(
        [
            (2, NoteKind.Interpreted, "disputed: line 3 gives SIGNED 2025-02-22 for the same agreement"),
            (3, NoteKind.Skipped, "duplicate of line 2 (Harris County Sheriff's Office, TFM) that differs in SIGNED 2025-02-22, MOA https://www.ice.gov/doclib/287gMOA/harris.pdf; only line 2 is read"),
        ]);
    }

    [Fact]
    public void a_pending_row_repeated_with_another_county_is_skipped_naming_what_differs()
    {
        using var workbook = TestWorkbook.Build(
            TestWorkbook.PendingHeader,
            ["GEORGIA", "Cobb County Sheriff's Office", "County", "Cobb County", "Jail Enforcement Model"],
            ["GEORGIA", "Cobb County Sheriff's Office", "Municipality", "Marietta", "Jail Enforcement Model"]);

        var publication = PublicationReader.Read("pending.xlsx", workbook);

        publication.Rows.Select(row => (row.Line, row.Dispute)).ShouldBe([(2, (string?)null)]);
        publication.Notes.Select(note => (note.Line, note.Kind, note.Reason)).ShouldBe(
        [
            (3, NoteKind.Skipped, "duplicate of line 2 (Cobb County Sheriff's Office, JEM) that differs in TYPE Municipality, COUNTY Marietta; only line 2 is read"),
        ]);
    }
}
