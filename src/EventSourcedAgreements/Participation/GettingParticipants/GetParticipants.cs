using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using Npgsql;

namespace EventSourcedAgreements.Participation.GettingParticipants;

public sealed record Participant(
    Guid AgreementId,
    string AgencyId,
    string State,
    string StateName,
    string Agency,
    SupportModel Model,
    string ModelName,
    DateOnly SignedOn,
    string? MoaUrl,
    bool MoaPosted,
    DateOnly InForceFrom,
    DateOnly? InForceUntil)
{
    /// <summary>Why the signing date a list printed for the MOA in force is disputed (the evidence does not support it); absent when it is not.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? SigningDispute { get; init; }

    /// <summary>
    /// The designated officers holding authority under the agreement on the day asked; absent where the record knows no
    /// officer of the agreement at all (ICE's lists name none).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? AuthorizedOfficers { get; init; }
}

public sealed record ParticipantsAnswer(
    DateOnly AsOf,
    DateTimeOffset KnownAt,
    string Rule,
    int Count,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<Participant> Uncertain)
{
    /// <summary>The moment whose answer this reproduces (<c>recordedAt</c>); absent for an answer from everything recorded.</summary>
    public DateTimeOffset? RecordedAt { get; init; }
}

public sealed record ParticipantsQuery(DateOnly AsOf, QueryTime Time, string? State, SupportModel? Model)
{
    public DateTimeOffset KnownAt => Time.KnownAt;

    public const string UncertaintyRule =
        "An agreement that disappeared from a published list without a known end counts as in force through the last " +
        "date a list showed it; from the next day until the list that no longer showed it, it is listed under 'uncertain', not counted.";

    public static ProblemDetails Validate(string? asOf, string? knownAt, string? state, string? model, string? recordedAt = null) =>
        new Input()
            .Date("asOf", asOf)
            .Date("knownAt", knownAt)
            .Recorded(recordedAt)
            .State("state", state)
            .Model("model", model)
            .ToProblem();

    public static ParticipantsQuery From(string? asOf, string? knownAt, string? state, string? model, TimeProvider time, string? recordedAt = null)
    {
        var at = QueryTime.From(knownAt, recordedAt, time);
        return new ParticipantsQuery(
            DateQuery.TryParse(asOf, out var effective) ? effective : at.Today,
            at,
            UsState.TryParse(state, out var usState) ? usState.Code : null,
            SupportModels.TryParse(model, out var supportModel) ? supportModel : null);
    }

    public async Task<ParticipantsAnswer> RunAsync(NpgsqlDataSource database, string schema, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select agreement_id, agency_id, state, agency_name, model, signed_on, moa_url, moa_posted, certainty,
                   lower(effective), upper(effective), signing_dispute,
                   (select nullif(count(*), 0) from {schema}.{Officers.OfficersFeature.AuthorityTable} o
                    where o.agreement_id = p.agreement_id and o.recorded @> coalesce(@recordedAt::timestamptz, 'infinity'::timestamptz)),
                   (select count(*) from {schema}.{Officers.OfficersFeature.AuthorityTable} o
                    where o.agreement_id = p.agreement_id and o.effective @> @asOf and o.known @> @knownAt and o.recorded @> coalesce(@recordedAt::timestamptz, 'infinity'::timestamptz))
            from {schema}.{ParticipationFeature.PeriodsTable} p
            where effective @> @asOf and known @> @knownAt and {QueryTime.RecordedFilter}
              and (@state::text is null or state = @state) and (@model::text is null or model = @model)
            order by state_name, agency_name, model, agreement_id
            """);
        command.Parameters.AddWithValue("asOf", AsOf);
        command.Parameters.AddWithValue("knownAt", KnownAt);
        command.Parameters.AddWithValue("recordedAt", Time.RecordedParameter);
        command.Parameters.AddWithValue("state", (object?)State ?? DBNull.Value);
        command.Parameters.AddWithValue("model", (object?)Model?.ToString() ?? DBNull.Value);

        var certain = new List<Participant>();
        var uncertain = new List<Participant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var model = Enum.Parse<SupportModel>(reader.GetString(4));
            var participant = new Participant(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                UsState.FromCode(reader.GetString(2)).Name,
                reader.GetString(3),
                model,
                model.PublishedName(),
                reader.GetFieldValue<DateOnly>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetBoolean(7),
                reader.GetFieldValue<DateOnly>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateOnly>(10))
            {
                SigningDispute = reader.IsDBNull(11) ? null : reader.GetString(11),
                AuthorizedOfficers = reader.IsDBNull(12) ? null : (int)reader.GetInt64(13),
            };
            (reader.GetString(8) == nameof(Certainty.Certain) ? certain : uncertain).Add(participant);
        }

        return new ParticipantsAnswer(AsOf, KnownAt, UncertaintyRule, certain.Count, certain, uncertain) { RecordedAt = Time.RecordedAt };
    }
}

public static class GetParticipantsEndpoint
{
    public const string CsvHeader = "STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED,MOA";
    public const string OfficersColumn = "AUTHORIZED OFFICERS";

    public static ProblemDetails Validate(string? asOf, string? knownAt, string? state, string? model, string? recordedAt) =>
        ParticipantsQuery.Validate(asOf, knownAt, state, model, recordedAt);

    /// <summary>
    /// The agreements in force on <c>asOf</c> as known at <c>knownAt</c> (or as the service answered at
    /// <c>recordedAt</c>), narrowed by <c>state</c> and <c>model</c>: JSON, or with <c>Accept: text/csv</c> a CSV in
    /// the columns of ICE's 2019 page, or as an XLSX workbook in the layout of ICE's spreadsheets.
    /// </summary>
    [WolverineGet("/api/participants", OperationId = "GetParticipants")]
    [ProducesResponseType<ParticipantsAnswer>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, Spreadsheet.MediaType)]
    public static async Task<IResult> Get(
        string? asOf,
        string? knownAt,
        string? state,
        string? model,
        string? recordedAt,
        HttpRequest request,
        Hosting.ReadDatabase reads,
        Marten.IDocumentStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var answer = await ParticipantsQuery.From(asOf, knownAt, state, model, time, recordedAt)
            .RunAsync(reads.Source, store.Options.DatabaseSchemaName, cancellationToken);
        // ICE's columns, and the officers' count only where the record knows officers of some agreement listed.
        var officers = answer.Participants.Any(p => p.AuthorizedOfficers is not null);
        if (Spreadsheet.IsWanted(request))
        {
            var agencies = await IceLayout.AgenciesAsync(store, answer.Participants.Select(p => p.AgreementId), cancellationToken);
            return Spreadsheet.Answer(
                request,
                "Participants",
                [IceLayout.State, IceLayout.Agency, IceLayout.Type, IceLayout.County, IceLayout.Support, IceLayout.Signed, IceLayout.Moa, .. officers ? [new Spreadsheet.Column(OfficersColumn, 22)] : Array.Empty<Spreadsheet.Column>()],
                answer.Participants.Select(p =>
                {
                    var agency = agencies.GetValueOrDefault(p.AgreementId);
                    return new object?[] { IceLayout.StateName(p.StateName), p.Agency, agency.Type?.ToString(), agency.County, p.ModelName, p.SignedOn, IceLayout.MoaCell(p.MoaUrl, p.MoaPosted) }.Concat(officers ? [p.AuthorizedOfficers] : []);
                }));
        }

        if (!Csv.IsWanted(request))
        {
            return Results.Ok(answer);
        }

        return Csv.Answer(
            request,
            officers ? $"{CsvHeader},{OfficersColumn}" : CsvHeader,
            answer.Participants.Select(p => new object?[] { IceLayout.StateName(p.StateName), p.Agency, p.ModelName, p.SignedOn, p.MoaUrl ?? (p.MoaPosted ? "link" : null) }
                .Concat(officers ? [p.AuthorizedOfficers] : [])
                .ToArray()));
    }
}
