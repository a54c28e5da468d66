using System.Text;

namespace EventSourcedAgreements.Publications.Reading;

public static class PublicationReader
{
    private static readonly byte[] ZipSignature = "PK\u0003\u0004"u8.ToArray();
    /// <summary>ICE's largest list is about 1 MB unpacked; a spreadsheet that unpacks to more than this is refused unread.</summary>
    public const long MaxUnpackedBytes = 64L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static PublicationContent Read(string fileName, Stream content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);

        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        return extension switch
        {
            ".XLSX" => Spreadsheet(fileName, bytes),
            ".CSV" => Csv(Text(fileName, bytes)),
            ".TXT" => IcePageText.Read(Text(fileName, bytes)),
            _ => ReadByContent(fileName, bytes),
        };
    }

    private static PublicationContent ReadByContent(string fileName, byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(ZipSignature))
        {
            return Spreadsheet(fileName, bytes);
        }

        var text = Text(fileName, bytes);
        if (RosterCsv.HasHeader(text))
        {
            return RosterCsv.Read(text);
        }

        if (IcePageText.HasTable(text))
        {
            return IcePageText.Read(text);
        }

        var sheet = CsvText.ToSheet(CsvText.Records(text));
        return IceSpreadsheet.HasHeader(sheet)
            ? IceSpreadsheet.Read(sheet)
            : throw new UnreadablePublicationException(
                $"'{fileName}' is neither an ICE 287(g) spreadsheet, a CSV list (a roster or the service's participants), nor the text of the ICE 287(g) page.");
    }

    private static PublicationContent Csv(string text)
    {
        if (RosterCsv.HasHeader(text))
        {
            return RosterCsv.Read(text);
        }

        var sheet = CsvText.ToSheet(CsvText.Records(text));
        return IceSpreadsheet.HasHeader(sheet) ? IceSpreadsheet.Read(sheet) : RosterCsv.Read(text);
    }

    private static PublicationContent Spreadsheet(string fileName, byte[] bytes)
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

            return IceSpreadsheet.Read(new MemoryStream(bytes, writable: false));
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
            throw new UnreadablePublicationException($"'{fileName}' is not text in UTF-8: {error.Message}");
        }
    }
}
