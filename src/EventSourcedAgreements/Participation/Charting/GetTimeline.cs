using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Participation.Charting;

public sealed record TimelinePoint(DateOnly AsOf, IReadOnlyDictionary<SupportModel, int> Agreements, int Total);

public sealed record Timeline(DateOnly From, DateOnly To, string Interval, DateTimeOffset KnownAt, IReadOnlyList<TimelinePoint> Points)
{
    /// <summary>The moment whose answer this reproduces (<c>recordedAt</c>); absent for an answer from everything recorded.</summary>
    public DateTimeOffset? RecordedAt { get; init; }
}

public static class GetTimelineEndpoint
{
    public const int MaxPoints = 1000;

    private static readonly Dictionary<string, Func<DateOnly, int, DateOnly>> Steps = new(StringComparer.OrdinalIgnoreCase)
    {
        ["day"] = (from, n) => from.AddDays(n),
        ["week"] = (from, n) => from.AddDays(7 * n),
        ["month"] = (from, n) => from.AddMonths(n),
        ["quarter"] = (from, n) => from.AddMonths(3 * n),
        ["year"] = (from, n) => from.AddYears(n),
    };

    public static ProblemDetails Validate(string? from, string? to, string? interval, string? model, string? knownAt, string? recordedAt) =>
        new Input()
            .Recorded(recordedAt)
            .Check("from", DateQuery.TryParse(from, out _), DateQuery.Explain("from", from))
            .Check("to", DateQuery.TryParse(to, out _), DateQuery.Explain("to", to))
            .Check("to", !DateQuery.TryParseStart(from, out var start) || !DateQuery.TryParse(to, out var end) || start <= end, "to must not be before from.")
            .Check("interval", string.IsNullOrWhiteSpace(interval) || Steps.ContainsKey(interval.Trim()), $"interval '{interval}' is not one of {string.Join(", ", Steps.Keys)}.")
            .Model("model", model)
            .Date("knownAt", knownAt)
            .Check("interval", !DateQuery.TryParseStart(from, out var first) || !DateQuery.TryParse(to, out var last) || Dates(first, last, Step(interval)).Count <= MaxPoints, $"At most {MaxPoints} points: widen the interval or narrow the dates.")
            .ToProblem();

    /// <summary>Agreements in force per model at each step from <c>from</c> to <c>to</c>, as known at <c>knownAt</c>: one query for all steps.</summary>
    [WolverineGet("/api/participants/timeline", OperationId = "GetParticipationTimeline")]
    [ProducesResponseType<Timeline>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    public static async Task<IResult> Get(string from, string to, string? interval, string? model, string? knownAt, string? recordedAt, HttpRequest request, Hosting.ReadDatabase reads, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = DateQuery.ParseStart(from);
        var end = DateQuery.Parse(to);
        var at = QueryTime.From(knownAt, recordedAt, time);
        var dates = Dates(start, end, Step(interval));
        SupportModel? only = SupportModels.TryParse(model, out var parsed) ? parsed : null;

        await using var command = reads.Source.CreateCommand(
            $"""
            select d.day, p.model, count(*)
            from unnest(@days) as d(day)
            join {store.Options.DatabaseSchemaName}.{ParticipationFeature.PeriodsTable} p
              on p.effective @> d.day and p.known @> @known and p.{QueryTime.RecordedFilter} and p.certainty = 'Certain'
            where @model::text is null or p.model = @model
            group by d.day, p.model
            """);
        command.Parameters.AddWithValue("days", dates.ToArray());
        command.Parameters.AddWithValue("known", at.KnownAt);
        command.Parameters.AddWithValue("recordedAt", at.RecordedParameter);
        command.Parameters.AddWithValue("model", (object?)only?.ToString() ?? DBNull.Value);

        var counts = new Dictionary<(DateOnly, SupportModel), int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[(reader.GetFieldValue<DateOnly>(0), Enum.Parse<SupportModel>(reader.GetString(1)))] = (int)reader.GetInt64(2);
        }

        var models = only is { } single ? [single] : Enum.GetValues<SupportModel>();
        var points = dates
            .Select(day => models.ToDictionary(m => m, m => counts.GetValueOrDefault((day, m))))
            .Select((perModel, i) => new TimelinePoint(dates[i], perModel, perModel.Values.Sum()))
            .ToList();
        return Csv.IsWanted(request)
            ? Csv.Answer(
                request,
                string.Join(',', ["AS OF", .. models.Select(m => m.ToString()), "TOTAL"]),
                points.Select(p => new object?[] { p.AsOf }.Concat(models.Select(m => (object?)p.Agreements[m])).Append(p.Total)))
            : Results.Ok(new Timeline(start, end, Step(interval), at.KnownAt, points) { RecordedAt = at.RecordedAt });
    }

    /// <summary>The interval asked for, a month by default.</summary>
    public static string Step(string? interval) => string.IsNullOrWhiteSpace(interval) ? "month" : interval.Trim().ToLowerInvariant();

    /// <summary>The days of a timeline: <paramref name="from"/>, then one every <paramref name="interval"/> up to <paramref name="to"/> (at most one more than <see cref="MaxPoints"/>, for the check).</summary>
    public static List<DateOnly> Dates(DateOnly from, DateOnly to, string interval)
    {
        var step = Steps.GetValueOrDefault(interval) ?? Steps["month"];
        var dates = new List<DateOnly>();
        for (var n = 0; step(from, n) <= to && dates.Count <= MaxPoints; n++)
        {
            dates.Add(step(from, n));
        }

        return dates;
    }
}
