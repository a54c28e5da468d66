using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation.GettingParticipants;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Participation.Summarizing;

public sealed record Tally(int Agreements, int Agencies, int States);

public sealed record ModelTally(SupportModel Model, string Name, int Agreements, int Agencies, int States);

public sealed record StateTally(string State, string Name, IReadOnlyDictionary<SupportModel, int> Agreements, int Total);

public sealed record ParticipationSummary(
    DateOnly AsOf,
    DateTimeOffset KnownAt,
    string Sentence,
    Tally Totals,
    IReadOnlyList<ModelTally> Models,
    IReadOnlyList<StateTally> States,
    int Uncertain,
    string Rule)
{
    /// <summary>The moment whose answer this reproduces (<c>recordedAt</c>); absent for an answer from everything recorded.</summary>
    public DateTimeOffset? RecordedAt { get; init; }

    /// <summary>
    /// The designated officers holding authority on the day (<c>GET /api/officers/summary</c> for the detail); absent
    /// where the record knows no officer at all (ICE's lists name none).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Officers.Summarizing.OfficerTally? Officers { get; init; }
}

public static class GetSummaryEndpoint
{
    public static ProblemDetails Validate(string? asOf, string? knownAt, string? recordedAt) => ParticipantsQuery.Validate(asOf, knownAt, null, null, recordedAt);

    /// <summary>
    /// How many agreements were in force on <c>asOf</c>, per support model and state, and the sentence ICE's page would
    /// print ("80 JEM agreements in 21 states"); as known at <c>knownAt</c>, or as the service answered at
    /// <c>recordedAt</c>.
    /// </summary>
    [WolverineGet("/api/participants/summary", OperationId = "GetParticipationSummary")]
    [ProducesResponseType<ParticipationSummary>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    public static async Task<IResult> Get(string? asOf, string? knownAt, string? recordedAt, HttpRequest request, Hosting.ReadDatabase reads, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var summary = await SummarizeAsync(ParticipantsQuery.From(asOf, knownAt, null, null, time, recordedAt), reads.Source, store.Options.DatabaseSchemaName, cancellationToken);
        var models = Enum.GetValues<SupportModel>();
        return Csv.IsWanted(request)
            ? Csv.Answer(
                request,
                string.Join(',', ["STATE", .. models.Select(m => m.ToString()), "TOTAL"]),
                summary.States.Select(s => new object?[] { IceLayout.StateName(s.Name) }.Concat(models.Select(m => (object?)s.Agreements.GetValueOrDefault(m))).Append(s.Total)))
            : Results.Ok(summary);
    }

    /// <summary>
    /// The tallies counted by PostgreSQL in one query (per state and model, per model, in all), rather than by reading
    /// every participant: the answer's size does not grow with the number of agreements.
    /// </summary>
    public static async Task<ParticipationSummary> SummarizeAsync(ParticipantsQuery query, NpgsqlDataSource database, string schema, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select state, model, grouping(state, model),
                   count(*) filter (where certainty = 'Certain'),
                   count(distinct agency_id) filter (where certainty = 'Certain'),
                   count(distinct state) filter (where certainty = 'Certain'),
                   count(*) filter (where certainty <> 'Certain')
            from {schema}.{ParticipationFeature.PeriodsTable}
            where effective @> @asOf and known @> @knownAt and {QueryTime.RecordedFilter}
            group by grouping sets ((state, model), (model), ())
            """);
        command.Parameters.AddWithValue("asOf", query.AsOf);
        command.Parameters.AddWithValue("knownAt", query.KnownAt);
        command.Parameters.AddWithValue("recordedAt", query.Time.RecordedParameter);

        var cells = new List<StateModelCount>();
        var models = new List<ModelTally>();
        var totals = new Tally(0, 0, 0);
        var uncertain = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var agreements = (int)reader.GetInt64(3);
                switch (reader.GetInt32(2))
                {
                    case 0 when agreements > 0:
                        cells.Add(new StateModelCount(reader.GetString(0), Enum.Parse<SupportModel>(reader.GetString(1)), agreements));
                        break;
                    case 2 when agreements > 0:
                        var model = Enum.Parse<SupportModel>(reader.GetString(1));
                        models.Add(new ModelTally(model, model.PublishedName(), agreements, (int)reader.GetInt64(4), (int)reader.GetInt64(5)));
                        break;
                    case 3:
                        totals = new Tally(agreements, (int)reader.GetInt64(4), (int)reader.GetInt64(5));
                        uncertain = (int)reader.GetInt64(6);
                        break;
                }
            }
        }

        models.Sort((a, b) => a.Model.CompareTo(b.Model));
        var states = cells
            .GroupBy(c => c.State)
            .Select(g => new StateTally(g.Key, UsState.FromCode(g.Key).Name, g.OrderBy(c => c.Model).ToDictionary(c => c.Model, c => c.Agreements), g.Sum(c => c.Agreements)))
            .OrderBy(tally => tally.Name, StringComparer.Ordinal)
            .ToList();
        var sentence = string.Join(", ", models.Select(m => $"{m.Agreements} {m.Model} agreement{(m.Agreements == 1 ? string.Empty : "s")} in {Where(m, cells)}"));
        return new ParticipationSummary(query.AsOf, query.KnownAt, sentence, totals, models, states, uncertain, ParticipantsQuery.UncertaintyRule)
        {
            RecordedAt = query.Time.RecordedAt,
            Officers = await OfficersAsync(query, database, schema, cancellationToken),
        };
    }

    /// <summary>The officers holding authority on the day, in all; null when the record (as recorded at the time asked) holds no officer's authority at all.</summary>
    private static async Task<Officers.Summarizing.OfficerTally?> OfficersAsync(ParticipantsQuery query, NpgsqlDataSource database, string schema, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            select count(*) filter (where effective @> @asOf and known @> @knownAt),
                   count(distinct agreement_id) filter (where effective @> @asOf and known @> @knownAt),
                   count(distinct agency_id) filter (where effective @> @asOf and known @> @knownAt),
                   count(distinct state) filter (where effective @> @asOf and known @> @knownAt),
                   count(*)
            from {schema}.{Officers.OfficersFeature.AuthorityTable}
            where {QueryTime.RecordedFilter}
            """);
        command.Parameters.AddWithValue("asOf", query.AsOf);
        command.Parameters.AddWithValue("knownAt", query.KnownAt);
        command.Parameters.AddWithValue("recordedAt", query.Time.RecordedParameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(4) == 0
            ? null
            : new Officers.Summarizing.OfficerTally((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
    }

    /// <summary>In the words ICE's May 2019 page used: "80 JEM agreements in 21 states, 10 WSO agreements in Florida".</summary>
    private static string Where(ModelTally model, IEnumerable<StateModelCount> cells) =>
        model.States == 1
            ? UsState.FromCode(cells.First(c => c.Model == model.Model).State).Name
            : $"{model.States} states";

    /// <summary>Agreements in force in one state under one model: a cell of the summary's per-state table.</summary>
    private sealed record StateModelCount(string State, SupportModel Model, int Agreements);
}
