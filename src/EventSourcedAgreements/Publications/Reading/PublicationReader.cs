using System.Text;

namespace EventSourcedAgreements.Publications.Reading;

public static class PublicationReader
{
    private static readonly byte[] ZipSignature = "PK\u0003\u0004"u8.ToArray();
    /// <summary>ICE's largest list is about 1 MB unpacked; a spreadsheet that unpacks to more than this is refused unread.</summary>
    public const long MaxUnpackedBytes = 64L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static PublicationContent Read(string fileName, Stream content) => Read(fileName, content, publishedOn: null);

    public static PublicationContent Read(string fileName, Stream content, DateOnly publishedOn) => Read(fileName, content, (DateOnly?)publishedOn);

    private static PublicationContent Read(string fileName, Stream content, DateOnly? publishedOn)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);

        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        return extension switch
        {
            ".XLSX" => Spreadsheet(fileName, bytes, publishedOn),
            ".CSV" => Csv(Text(fileName, bytes), publishedOn),
            ".TXT" => IcePageText.Read(Text(fileName, bytes), publishedOn),
            _ => ReadByContent(fileName, bytes, publishedOn),
        };
    }

    private static PublicationContent ReadByContent(string fileName, byte[] bytes, DateOnly? publishedOn)
    {
        if (bytes.AsSpan().StartsWith(ZipSignature))
        {
            return Spreadsheet(fileName, bytes, publishedOn);
        }

        var text = Text(fileName, bytes);
        if (RosterCsv.HasHeader(text))
        {
            return RosterCsv.Read(text, publishedOn);
        }

        if (IcePageText.HasTable(text))
        {
            return IcePageText.Read(text, publishedOn);
        }

        var sheet = CsvText.ToSheet(CsvText.Records(text));
        return IceSpreadsheet.HasHeader(sheet)
            ? IceSpreadsheet.Read(sheet, publishedOn)
            : throw new UnreadablePublicationException(
                $"'{fileName}' is neither an ICE 287(g) spreadsheet, a CSV list (a roster or the service's participants), nor the text of the ICE 287(g) page.");
    }

    private static PublicationContent Csv(string text, DateOnly? publishedOn)
    {
        if (RosterCsv.HasHeader(text))
        {
            return RosterCsv.Read(text, publishedOn);
        }

        var sheet = CsvText.ToSheet(CsvText.Records(text));
        return IceSpreadsheet.HasHeader(sheet) ? IceSpreadsheet.Read(sheet, publishedOn) : RosterCsv.Read(text, publishedOn);
    }

    private static PublicationContent Spreadsheet(string fileName, byte[] bytes, DateOnly? publishedOn)
    {
        try
        {
            using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes, writable: false)))
            {
                var unpacked = zip.Entries.Sum(entry => entry.Length);
                if (unpacked > MaxUnpackedBytes)
                {
                    throw new UnreadablePublicationException($"'{fileName}' unpacks to {unpacked / 1024 / 1024} MB, more than the {MaxUnpackedBytes / 1024 / 1024} MB a published list can be.");
                }
            }

            return IceSpreadsheet.Read(new MemoryStream(bytes, writable: false), publishedOn);
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new UnreadablePublicationException($"'{fileName}' is not a readable spreadsheet: {error.Message}");
        }
    }

    private static string Text(string fileName, byte[] bytes)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes, writable: false), StrictUtf8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (DecoderFallbackException error)
        {
            var what = Signature(bytes) ?? $"not text in UTF-8 (byte {error.Index + 1:N0} is 0x{(error.BytesUnknown is [var unknown, ..] ? unknown : 0):X2})";
            throw new UnreadablePublicationException(
                $"'{fileName}' is {what}, not a list of participants: upload ICE's 287(g) spreadsheet (.xlsx), a CSV list (a roster or the service's participants), or the text of ICE's 287(g) page in UTF-8.");
        }
    }

    /// <summary>What a file that is not text is, by its first bytes, for the refusal to say: the kinds a clerk may pick by mistake.</summary>
    private static string? Signature(byte[] bytes) => bytes switch
    {
        [0x25, 0x50, 0x44, 0x46, ..] => "a PDF document (an MOA, perhaps)",
        [0x89, 0x50, 0x4E, 0x47, ..] => "a PNG image",
        [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
        [0x47, 0x49, 0x46, 0x38, ..] => "a GIF image",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "an old Office document (.xls or .doc; save it as .xlsx)",
        _ => null,
    };
}
