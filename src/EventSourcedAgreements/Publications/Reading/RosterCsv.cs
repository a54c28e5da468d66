namespace EventSourcedAgreements.Publications.Reading;

internal static class RosterCsv
{
    private const string State = "state";
    private const string Agency = "agency";
    private const string Support = "support";
    private const string Signed = "signed";
    private const string MoaFile = "moa_file";
    private static readonly string[] Columns = [State, Agency, Support, Signed, MoaFile];

    public static bool HasHeader(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        var names = firstLine.Split(',').Select(name => name.Trim().Trim('"').Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Columns.All(names.Contains);
    }

    public static PublicationContent Read(string text, DateOnly? publishedOn)
    {
        var records = CsvText.Records(text).ToList();
        var headerIndex = records.FindIndex(record => !record.IsBlank);
        if (headerIndex < 0)
        {
            throw new UnreadablePublicationException("The CSV file is empty.");
        }

        var header = records[headerIndex];
        var positions = Columns.ToDictionary(
            column => column,
            column => header.Fields.FindIndex(name => PublishedFields.Collapse(name).Equals(column, StringComparison.OrdinalIgnoreCase)));
        var missing = positions.Where(position => position.Value < 0).Select(position => position.Key).ToList();
        if (missing.Count > 0)
        {
            throw new UnreadablePublicationException(
                $"The CSV header lacks the column(s) {string.Join(", ", missing)}; expected {string.Join(",", Columns)}.");
        }

        var publication = new PublicationBuilder(PublicationKind.Participating, publishedOn);
        foreach (var record in records.Skip(headerIndex + 1).Where(record => !record.IsBlank))
        {
            ReadRecord(record, header.Fields.Count, positions, publication);
        }

        return publication.Build();
    }

    private static void ReadRecord(CsvRecord record, int headerWidth, Dictionary<string, int> positions, PublicationBuilder publication)
    {
        if (record.Fields.Count != headerWidth)
        {
            publication.Skip(record.Line, record.Text, $"{record.Fields.Count} fields where the header has {headerWidth}");
            return;
        }

        string Field(string column) => record.Fields[positions[column]];

        if (!PublishedFields.TryReadState(Field(State), out var state, out var stateInterpretation, out var problem)
            || !PublishedFields.TryReadAgencyName(Field(Agency), out var agency, out var nameInterpretation, out problem)
            || !PublishedFields.TryReadModel(Field(Support), out var model, out var modelInterpretation, out problem))
        {
            publication.Skip(record.Line, record.Text, problem);
            return;
        }

        var signed = SignedDates.FromText(Field(Signed));
        if (signed.Date is not { } signedOn)
        {
            publication.Skip(record.Line, record.Text, signed.Note!);
            return;
        }

        var moaFile = PublishedFields.Collapse(Field(MoaFile));
        var moaUrl = PublishedFields.IsWebAddress(moaFile) ? moaFile : null;
        publication.Add(
            new PublishedRow(record.Line, state, agency, AgencyType: null, County: null, model, signedOn, moaUrl, MoaPosted: moaFile.Length > 0),
            record.Text,
            new[] { stateInterpretation, nameInterpretation, modelInterpretation, signed.Note }.OfType<string>(),
            moaDocument: moaFile,
            addendum: PublishedFields.NamesAddendum(Field(Agency)));
    }
}
