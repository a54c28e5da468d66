using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Participation.GettingParticipants;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Officers.Summarizing;

public sealed record OfficerTally(int Officers, int Agreements, int Agencies, int States);

public sealed record OfficerModelTally(SupportModel Model, string Name, int Officers, int Agreements, int Agencies, int States);

public sealed record OfficerStateTally(string State, string Name, IReadOnlyDictionary<SupportModel, int> Officers, int Total);

/// <summary>How many designated officers held authority on <see cref="AsOf"/>, as known at <see cref="KnownAt"/>: counts only, never who.</summary>
public sealed record OfficerSummary(
    DateOnly AsOf,
    DateTimeOffset KnownAt,
    string Sentence,
    OfficerTally Totals,
    IReadOnlyList<OfficerModelTally> Models,
    IReadOnlyList<OfficerStateTally> States)
{
    /// <summary>The moment whose answer this reproduces (<c>recordedAt</c>); absent for an answer from everything recorded.</summary>
    public DateTimeOffset? RecordedAt { get; init; }
}

public static class GetOfficerSummaryEndpoint
{
    public static ProblemDetails Validate(string? asOf, string? knownAt, string? recordedAt, string? state, string? model) =>
        ParticipantsQuery.Validate(asOf, knownAt, state, model, recordedAt);

    /// <summary>
    /// The officers holding authority on <c>asOf</c> (today by default), as known at <c>knownAt</c> and as recorded at
    /// <c>recordedAt</c>, per support model and state, with the sentence ("212 officers authorized under 80 JEM agreements
    /// in 21 states"). For anyone: counts, never names.
    /// </summary>
    [WolverineGet("/api/officers/summary", OperationId = "GetOfficerSummary")]
    [ProducesResponseType<OfficerSummary>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string? asOf,
        string? knownAt,
        string? recordedAt,
        string? state,
        string? model,
        Hosting.ReadDatabase reads,
        IDocumentStore store,
        TimeProvider time,
        CancellationToken cancellationToken) =>
        Results.Ok(await SummarizeAsync(ParticipantsQuery.From(asOf, knownAt, state, model, time, recordedAt), reads.Source, store.Options.DatabaseSchemaName, cancellationToken));

    /// <summary>Counted by PostgreSQL in one query over the authority periods (per state and model, per model, in all).</summary>
    public static async Task<OfficerSummary> SummarizeAsync(ParticipantsQuery query, NpgsqlDataSource database, string schema, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select state, model, grouping(state, model),
                   count(*), count(distinct agreement_id), count(distinct agency_id), count(distinct state)
            from {schema}.{OfficersFeature.AuthorityTable}
            where effective @> @asOf and known @> @knownAt and {QueryTime.RecordedFilter}
              and (@state::text is null or state = @state) and (@model::text is null or model = @model)
            group by grouping sets ((state, model), (model), ())
            """);
        command.Parameters.AddWithValue("asOf", query.AsOf);
        command.Parameters.AddWithValue("knownAt", query.KnownAt);
        command.Parameters.AddWithValue("recordedAt", query.Time.RecordedParameter);
        command.Parameters.AddWithValue("state", (object?)query.State ?? DBNull.Value);
        command.Parameters.AddWithValue("model", (object?)query.Model?.ToString() ?? DBNull.Value);

        var cells = new List<(string State, SupportModel Model, int Officers)>();
        var models = new List<OfficerModelTally>();
        var totals = new OfficerTally(0, 0, 0, 0);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var officers = (int)reader.GetInt64(3);
                switch (reader.GetInt32(2))
                {
                    case 0:
                        cells.Add((reader.GetString(0), Enum.Parse<SupportModel>(reader.GetString(1)), officers));
                        break;
                    case 2:
                        var supportModel = Enum.Parse<SupportModel>(reader.GetString(1));
                        models.Add(new OfficerModelTally(supportModel, supportModel.PublishedName(), officers, (int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6)));
                        break;
                    case 3:
                        totals = new OfficerTally(officers, (int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6));
                        break;
                }
            }
        }

        models.Sort((a, b) => a.Model.CompareTo(b.Model));
        var states = cells
            .GroupBy(c => c.State)
            .Select(g => new OfficerStateTally(g.Key, UsState.FromCode(g.Key).Name, g.OrderBy(c => c.Model).ToDictionary(c => c.Model, c => c.Officers), g.Sum(c => c.Officers)))
            .OrderBy(tally => tally.Name, StringComparer.Ordinal)
            .ToList();
        var sentence = models.Count == 0
            ? $"No officer held 287(g) authority on {query.AsOf:yyyy-MM-dd}, as the record knows."
            : string.Join(", ", models.Select(m => $"{Count(m.Officers, "officer")} authorized under {Count(m.Agreements, $"{m.Model} agreement")} in {Where(m, cells)}"));
        return new OfficerSummary(query.AsOf, query.KnownAt, sentence, totals, models, states) { RecordedAt = query.Time.RecordedAt };
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";

    private static string Where(OfficerModelTally model, IEnumerable<(string State, SupportModel Model, int Officers)> cells) =>
        model.States == 1 ? UsState.FromCode(cells.First(c => c.Model == model.Model).State).Name : $"{model.States} states";
}
