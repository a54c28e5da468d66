using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Publications.Reading;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class ServiceCsvTests
{
    /// <summary>The bytes the service answers for <c>GET /api/participants</c> with <c>Accept: text/csv</c> (its byte order mark too).</summary>
    private static byte[] ParticipantsCsv(params object?[][] rows) =>
        ((FileContentHttpResult)Csv.Answer(new Microsoft.AspNetCore.Http.DefaultHttpContext { Request = { Path = "/api/participants" } }.Request, GetParticipantsEndpoint.CsvHeader, rows)).FileContents.ToArray();

    private static PublicationContent ReadBack(string fileName, byte[] csv) => PublicationReader.Read(fileName, new MemoryStream(csv));

    [Fact]
    public void the_participants_csv_the_service_answers_is_read_back_as_a_participating_list()
    {
        var csv = ParticipantsCsv(
            ["Florida", "Hernando County Sheriff's Office", "Jail Enforcement Model", new DateOnly(2018, 2, 27), "https://www.ice.gov/doclib/287gMOA/hernando.pdf"],
            ["Texas", "Sheriff's Office, Harris County \"HCSO\"", "Warrant Service Officer", new DateOnly(2019, 5, 6), "link"],
            ["Georgia", "Cobb County Sheriff's Office", "Task Force Model", new DateOnly(2025, 2, 12), null]);

        var publication = ReadBack("participants.csv", csv);

        publication.Kind.ShouldBe(PublicationKind.Participating);
        publication.Rows.ShouldBe(
        [
            new PublishedRow(2, UsState.FromCode("FL"), "Hernando County Sheriff's Office", null, null, SupportModel.JEM, new DateOnly(2018, 2, 27), "https://www.ice.gov/doclib/287gMOA/hernando.pdf", true),
            new PublishedRow(3, UsState.FromCode("TX"), "Sheriff's Office, Harris County \"HCSO\"", null, null, SupportModel.WSO, new DateOnly(2019, 5, 6), null, true),
            new PublishedRow(4, UsState.FromCode("GA"), "Cobb County Sheriff's Office", null, null, SupportModel.TFM, new DateOnly(2025, 2, 12), null, false),
        ]);
        publication.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void the_participants_csv_is_recognised_by_its_header_whatever_the_file_is_called()
    {
        var csv = ParticipantsCsv(["Georgia", "Cobb County Sheriff's Office", "Task Force Model", new DateOnly(2025, 2, 12), null]);

        ReadBack("participants", csv).Rows.Single().AgencyId.ShouldBe("ga-cobb-county-sheriffs-office");
    }

    [Fact]
    public void an_empty_participants_csv_is_a_participating_list_with_no_rows()
    {
        var publication = ReadBack("participants.csv", ParticipantsCsv());

        publication.Kind.ShouldBe(PublicationKind.Participating);
        publication.Rows.ShouldBeEmpty();
        publication.Notes.ShouldBeEmpty();
    }

    [Fact]
    public void a_participants_csv_row_with_a_field_too_many_is_skipped_and_the_others_are_read()
    {
        var publication = PublishedFiles.ReadText("participants.csv", $"""
            {GetParticipantsEndpoint.CsvHeader}
            Georgia,Cobb County Sheriff's Office,Task Force Model,2025-02-12,
            Texas,Sheriff's Office, Harris County,Warrant Service Officer,2019-05-06,link
            Georgia,Hall County Sheriff's Office,Texas Model,2025-02-12,
            """);

        publication.Rows.Select(row => row.Line).ShouldBe([2]);
        publication.Notes.ShouldBe(
        [
            new RowNote(3, "Texas,Sheriff's Office, Harris County,Warrant Service Officer,2019-05-06,link", NoteKind.Skipped, "6 fields where the header has 5"),
            new RowNote(4, "Georgia,Hall County Sheriff's Office,Texas Model,2025-02-12,", NoteKind.Skipped, "unknown support type 'Texas Model'"),
        ]);
    }
}
