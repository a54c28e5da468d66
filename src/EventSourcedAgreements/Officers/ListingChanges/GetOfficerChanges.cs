using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using Marten;

namespace EventSourcedAgreements.Officers.ListingChanges;

/// <summary>
/// One agreement's officers between two dates: how many held authority the day before <c>from</c>
/// (<see cref="Before"/>) and on <c>to</c> (<see cref="After"/>), how many stretches of authority began
/// (<see cref="Authorized"/>: certified, reinstated, restored) and ended (<see cref="Ended"/>: suspended, revoked,
/// separated, lapsed) on a day from <c>from</c> to <c>to</c>.
/// </summary>
public sealed record OfficerChange(
    Guid AgreementId,
    string AgencyId,
    string Agency,
    string State,
    string StateName,
    SupportModel Model,
    int Before,
    int Authorized,
    int Ended,
    int After);

/// <summary>All officers (in the state and model asked for): those holding authority before and after, and the stretches begun and ended between.</summary>
public sealed record OfficerChangeTally(int Before, int Authorized, int Ended, int After);

public sealed record OfficerChanges(DateOnly From, DateOnly To, string? State, DateTimeOffset KnownAt, OfficerChangeTally Totals, IReadOnlyList<OfficerChange> Agreements)
{
    /// <summary>The moment whose answer this reproduces (<c>recordedAt</c>); absent for an answer from everything recorded.</summary>
    public DateTimeOffset? RecordedAt { get; init; }
}

public static class GetOfficerChangesEndpoint
{
    public static ProblemDetails Validate(string? from, string? to, string? state, string? model, string? knownAt, string? recordedAt) =>
        new Input()
            .Recorded(recordedAt)
            .Check("from", DateQuery.TryParse(from, out _), DateQuery.Explain("from", from))
            .Check("to", DateQuery.TryParse(to, out _), DateQuery.Explain("to", to))
            .Check("to", !DateQuery.TryParseStart(from, out var start) || !DateQuery.TryParse(to, out var end) || start <= end, "to must not be before from.")
            .State("state", state)
            .Model("model", model)
            .Date("knownAt", knownAt)
            .ToProblem();

    /// <summary>
    /// The agreements whose officers gained or lost authority from <c>from</c> to <c>to</c> (both included), as known at
    /// <c>knownAt</c>, with the counts before and after: one query over the authority periods, each officer's stretches
    /// merged where they meet (a suspension lifted the day it began is no change). For anyone: counts, never who.
    /// </summary>
    [WolverineGet("/api/officers/changes", OperationId = "GetOfficerChanges")]
    [ProducesResponseType<OfficerChanges>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    public static async Task<IResult> Get(string from, string to, string? state, string? model, string? knownAt, string? recordedAt, HttpRequest request, Hosting.ReadDatabase reads, IDocumentStore store, IQuerySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = DateQuery.ParseStart(from);
        var end = DateQuery.Parse(to);
        var at = QueryTime.From(knownAt, recordedAt, time);
        SupportModel? only = SupportModels.TryParse(model, out var parsed) ? parsed : null;
        string? stateCode = UsState.TryParse(state, out var found) ? found.Code : null;

        await using var command = reads.Source.CreateCommand(
            $"""
            with stretches as (
                select officer_id, agreement_id, agency_id, state, model, unnest(range_agg(effective)) as stretch
                from {store.Options.DatabaseSchemaName}.{OfficersFeature.AuthorityTable}
                where known @> @known and {QueryTime.RecordedFilter}
                  and (@model::text is null or model = @model) and (@state::text is null or state = @state)
                group by officer_id, agreement_id, agency_id, state, model)
            select agreement_id, agency_id, state, model,
                   count(distinct officer_id) filter (where stretch @> (@from::date - 1)),
                   count(*) filter (where lower(stretch) between @from and @to),
                   count(*) filter (where upper(stretch) between @from and @to),
                   count(distinct officer_id) filter (where stretch @> @to::date),
                   grouping(agreement_id, agency_id, state, model)
            from stretches
            group by grouping sets ((agreement_id, agency_id, state, model), ())
            having grouping(agreement_id, agency_id, state, model) <> 0
                or count(*) filter (where lower(stretch) between @from and @to or upper(stretch) between @from and @to) > 0
            """);
        command.Parameters.AddWithValue("known", at.KnownAt);
        command.Parameters.AddWithValue("recordedAt", at.RecordedParameter);
        command.Parameters.AddWithValue("model", (object?)only?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("state", (object?)stateCode ?? DBNull.Value);
        command.Parameters.AddWithValue("from", start);
        command.Parameters.AddWithValue("to", end);

        var rows = new List<(Guid Agreement, string AgencyId, string State, SupportModel Model, int Before, int Authorized, int Ended, int After)>();
        var totals = new OfficerChangeTally(0, 0, 0, 0);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt32(8) != 0)
                {
                    totals = new OfficerChangeTally((int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6), (int)reader.GetInt64(7));
                    continue;
                }

                rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), Enum.Parse<SupportModel>(reader.GetString(3)),
                    (int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6), (int)reader.GetInt64(7)));
            }
        }

        var agencies = (await session.LoadManyAsync<Agreement>(cancellationToken, rows.Select(r => r.Agreement).Distinct()))
            .ToDictionary(a => a.Id, a => a.AgencyName);
        var changes = rows
            .Select(r => new OfficerChange(r.Agreement, r.AgencyId, agencies.GetValueOrDefault(r.Agreement, r.AgencyId), r.State, UsState.FromCode(r.State).Name, r.Model, r.Before, r.Authorized, r.Ended, r.After))
            .OrderBy(c => c.StateName, StringComparer.Ordinal).ThenBy(c => c.Agency, StringComparer.Ordinal).ThenBy(c => c.Model)
            .ToList();
        return Csv.IsWanted(request)
            ? Csv.Answer(
                request,
                "STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,OFFICERS BEFORE,AUTHORIZED,ENDED,OFFICERS AFTER,AGREEMENT",
                changes.Select(c => new object?[] { Participation.IceLayout.StateName(c.StateName), c.Agency, c.Model.PublishedName(), c.Before, c.Authorized, c.Ended, c.After, c.AgreementId }))
            : Results.Ok(new OfficerChanges(start, end, stateCode, at.KnownAt, totals, changes) { RecordedAt = at.RecordedAt });
    }
}
