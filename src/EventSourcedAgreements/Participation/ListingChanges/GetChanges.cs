using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Participation.ListingChanges;

public sealed record ParticipationChange(
    DateOnly On,
    StepKind Kind,
    DateOnly? NotBefore,
    Guid AgreementId,
    string AgencyId,
    string State,
    string StateName,
    string Agency,
    SupportModel Model,
    DateOnly? SignedOn);

public sealed record ChangesAnswer(DateOnly From, DateOnly To, DateTimeOffset KnownAt, int Count, IReadOnlyList<ParticipationChange> Changes)
{
    /// <summary>The moment whose answer this reproduces (<c>recordedAt</c>); absent for an answer from everything recorded.</summary>
    public DateTimeOffset? RecordedAt { get; init; }
}

public static class GetChangesEndpoint
{
    public static ProblemDetails Validate(string? from, string? to, string? knownAt, string? recordedAt) =>
        new Input()
            .Recorded(recordedAt)
            .Check("from", DateQuery.TryParse(from, out _), DateQuery.Explain("from", from))
            .Check("to", DateQuery.TryParse(to, out _), DateQuery.Explain("to", to))
            .Date("knownAt", knownAt)
            .Check("to", !DateQuery.TryParseStart(from, out var start) || !DateQuery.TryParse(to, out var end) || start <= end, "to must not be before from.")
            .ToProblem();

    /// <summary>
    /// What was signed, renewed, amended, suspended, reinstated and ended from <c>from</c> to <c>to</c> (both included),
    /// as known at <c>knownAt</c>: JSON, CSV (<c>Accept: text/csv</c>), or an XLSX workbook in the layout of ICE's spreadsheets.
    /// </summary>
    [WolverineGet("/api/participants/changes", OperationId = "GetParticipationChanges")]
    [ProducesResponseType<ChangesAnswer>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, Spreadsheet.MediaType)]
    public static async Task<IResult> Get(string from, string to, string? knownAt, string? recordedAt, HttpRequest request, Hosting.ReadDatabase reads, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = DateQuery.ParseStart(from);
        var end = DateQuery.Parse(to);
        var at = QueryTime.From(knownAt, recordedAt, time);

        await using var command = reads.Source.CreateCommand(
            $"""
            select on_date, kind, not_before, agreement_id, agency_id, state, agency_name, model, signed_on
            from {store.Options.DatabaseSchemaName}.{ParticipationFeature.ChangesTable}
            where known @> @known and {QueryTime.RecordedFilter} and on_date between @from and @to
            order by on_date, state_name, agency_name, model, kind
            """);
        command.Parameters.AddWithValue("known", at.KnownAt);
        command.Parameters.AddWithValue("recordedAt", at.RecordedParameter);
        command.Parameters.AddWithValue("from", start);
        command.Parameters.AddWithValue("to", end);

        var changes = new List<ParticipationChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new ParticipationChange(
                reader.GetFieldValue<DateOnly>(0),
                Enum.Parse<StepKind>(reader.GetString(1)),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2),
                reader.GetGuid(3),
                reader.GetString(4),
                reader.GetString(5),
                UsState.FromCode(reader.GetString(5)).Name,
                reader.GetString(6),
                Enum.Parse<SupportModel>(reader.GetString(7)),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8)));
        }

        if (Spreadsheet.IsWanted(request))
        {
            var agencies = await IceLayout.AgenciesAsync(store, changes.Select(c => c.AgreementId), cancellationToken);
            return Spreadsheet.Answer(
                request,
                "Changes",
                [new("DATE", 12), new("CHANGE", 14), new("NOT BEFORE", 12), IceLayout.State, IceLayout.Agency, IceLayout.Type, IceLayout.County, IceLayout.Support, IceLayout.Signed, new("AGREEMENT", 38)],
                changes.Select(c =>
                {
                    var agency = agencies.GetValueOrDefault(c.AgreementId);
                    return new object?[] { c.On, c.Kind.ToString(), c.NotBefore, IceLayout.StateName(c.StateName), c.Agency, agency.Type?.ToString(), agency.County, c.Model.PublishedName(), c.SignedOn, c.AgreementId.ToString() };
                }));
        }

        return Csv.IsWanted(request)
            ? Csv.Answer(
                request,
                "DATE,CHANGE,NOT BEFORE,STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED,AGREEMENT",
                changes.Select(c => new object?[] { c.On, c.Kind, c.NotBefore, IceLayout.StateName(c.StateName), c.Agency, c.Model.PublishedName(), c.SignedOn, c.AgreementId }))
            : Results.Ok(new ChangesAnswer(start, end, at.KnownAt, changes.Count, changes) { RecordedAt = at.RecordedAt });
    }
}
