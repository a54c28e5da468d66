using System.IO.Compression;
using System.Text;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

public sealed class PublicationReaderTests
{
    private const string RosterCsv = "state,agency,support,signed,moa_file\nFLORIDA,Polk County Sheriff's Office,Warrant Service Officer,2019-05-06,\n";

    [Fact]
    public void a_file_of_unknown_extension_is_read_by_its_content()
    {
        PublishedFiles.ReadText("roster.dat", RosterCsv).Rows.Single().AgencyId.ShouldBe("fl-polk-county-sheriffs-office");
        PublishedFiles.ReadText("page", "Mutually Signed Agreements\nSTATELAW ENFORCEMENT AGENCYSUPPORT TYPESIGNEDMOA\nGEORGIACobb County Sheriff's OfficeJail Enforcement Model2016-06-30link\n")
            .Rows.Single().AgencyId.ShouldBe("ga-cobb-county-sheriffs-office");

        using var workbook = TestWorkbook.Build(TestWorkbook.PendingHeader, ["GEORGIA", "Cobb County Sheriff's Office", "County", "Cobb County", "JEM"]);
        PublicationReader.Read("download", workbook).Kind.ShouldBe(PublicationKind.Pending);
    }

    [Fact]
    public void the_extension_is_matched_ignoring_case()
    {
        PublishedFiles.ReadText("ROSTER.CSV", RosterCsv).Rows.Count.ShouldBe(1);
    }

    [Fact]
    public void a_utf8_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(RosterCsv)).ToArray();

        PublicationReader.Read("roster.csv", new MemoryStream(bytes)).Rows.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("list.xlsx", "not a zip archive")]
    [InlineData("list.xlsx", "")]
    [InlineData("list.txt", "Participating Entities\nnothing here\n")]
    [InlineData("list.csv", "name,address\nPolk,Bartow\n")]
    [InlineData("list.pdf", "%PDF-1.7")]
    public void a_file_in_no_known_shape_cannot_be_read(string fileName, string content)
    {
        Should.Throw<UnreadablePublicationException>(() => PublishedFiles.ReadText(fileName, content));
    }

    [Fact]
    public void a_truncated_workbook_cannot_be_read()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "publications", "ice-287g-pending-2025-07-18.xlsx"));

        Should.Throw<UnreadablePublicationException>(() => PublicationReader.Read("pending.xlsx", new MemoryStream(bytes[..(bytes.Length / 2)])));
    }

    [Fact]
    public void a_zip_archive_without_a_workbook_cannot_be_read()
    {
        using var archive = new MemoryStream();
        using (var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            entry.Write("not a workbook");
        }

        archive.Position = 0;

        Should.Throw<UnreadablePublicationException>(() => PublicationReader.Read("list.xlsx", archive));
    }

    [Fact]
    public void a_text_file_that_is_not_utf8_cannot_be_read()
    {
        var latin1 = Encoding.Latin1.GetBytes("state,agency,support,signed,moa_file\nFLORIDA,Polk County Sheriff´s Office,WSO,2019-05-06,\n");

        Should.Throw<UnreadablePublicationException>(() => PublicationReader.Read("roster.csv", new MemoryStream(latin1)))
            .Message.ShouldContain("UTF-8");
    }
}
