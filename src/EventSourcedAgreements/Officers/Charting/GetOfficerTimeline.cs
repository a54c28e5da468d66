using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using EventSourcedAgreements.Participation.Charting;
using Marten;

namespace EventSourcedAgreements.Officers.Charting;

public sealed record OfficerTimelinePoint(DateOnly AsOf, IReadOnlyDictionary<SupportModel, int> Officers, int Total);

/// <summary>How many officers held authority on each day of the timeline, per support model: counts only.</summary>
public sealed record OfficerTimeline(DateOnly From, DateOnly To, string Interval, string? State, DateTimeOffset KnownAt, IReadOnlyList<OfficerTimelinePoint> Points)
{
    /// <summary>The moment whose answer this reproduces (<c>recordedAt</c>); absent for an answer from everything recorded.</summary>
    public DateTimeOffset? RecordedAt { get; init; }
}

public static class GetOfficerTimelineEndpoint
{
    public static ProblemDetails Validate(string? from, string? to, string? interval, string? model, string? state, string? knownAt, string? recordedAt) =>
        GetTimelineEndpoint.Validate(from, to, interval, model, knownAt, recordedAt) is var problem && ReferenceEquals(problem, WolverineContinue.NoProblems)
            ? new Input().State("state", state).ToProblem()
            : problem;

    /// <summary>
    /// Officers holding authority per model at each step from <c>from</c> to <c>to</c> (a day, week, month, quarter or
    /// year apart; a month by default), as known at <c>knownAt</c>, in a state or nationwide: one query over the
    /// authority periods for all steps. For anyone: counts, never who.
    /// </summary>
    [WolverineGet("/api/officers/timeline", OperationId = "GetOfficerTimeline")]
    [ProducesResponseType<OfficerTimeline>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    public static async Task<IResult> Get(string from, string to, string? interval, string? model, string? state, string? knownAt, string? recordedAt, HttpRequest request, Hosting.ReadDatabase reads, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = DateQuery.ParseStart(from);
        var end = DateQuery.Parse(to);
        var at = QueryTime.From(knownAt, recordedAt, time);
        var step = GetTimelineEndpoint.Step(interval);
        var dates = GetTimelineEndpoint.Dates(start, end, step);
        SupportModel? only = SupportModels.TryParse(model, out var parsed) ? parsed : null;
        string? stateCode = UsState.TryParse(state, out var found) ? found.Code : null;

        await using var command = reads.Source.CreateCommand(
            $"""
            select d.day, p.model, count(*)
            from unnest(@days) as d(day)
            join {store.Options.DatabaseSchemaName}.{OfficersFeature.AuthorityTable} p
              on p.effective @> d.day and p.known @> @known and p.{QueryTime.RecordedFilter}
            where (@model::text is null or p.model = @model) and (@state::text is null or p.state = @state)
            group by d.day, p.model
            """);
        command.Parameters.AddWithValue("days", dates.ToArray());
        command.Parameters.AddWithValue("known", at.KnownAt);
        command.Parameters.AddWithValue("recordedAt", at.RecordedParameter);
        command.Parameters.AddWithValue("model", (object?)only?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("state", (object?)stateCode ?? DBNull.Value);

        var counts = new Dictionary<(DateOnly, SupportModel), int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[(reader.GetFieldValue<DateOnly>(0), Enum.Parse<SupportModel>(reader.GetString(1)))] = (int)reader.GetInt64(2);
        }

        var models = only is { } single ? [single] : Enum.GetValues<SupportModel>();
        var points = dates
            .Select(day => new OfficerTimelinePoint(day, models.ToDictionary(m => m, m => counts.GetValueOrDefault((day, m))), models.Sum(m => counts.GetValueOrDefault((day, m)))))
            .ToList();
        return Csv.IsWanted(request)
            ? Csv.Answer(
                request,
                string.Join(',', ["AS OF", .. models.Select(m => $"{m} OFFICERS"), "TOTAL"]),
                points.Select(p => new object?[] { p.AsOf }.Concat(models.Select(m => (object?)p.Officers[m])).Append(p.Total)))
            : Results.Ok(new OfficerTimeline(start, end, step, stateCode, at.KnownAt, points) { RecordedAt = at.RecordedAt });
    }
}
