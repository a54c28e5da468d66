using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation.GettingParticipants;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

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
    string Rule);

public static class GetSummaryEndpoint
{
    public static ProblemDetails Validate(string? asOf, string? knownAt) => ParticipantsQuery.Validate(asOf, knownAt, null, null);

    [WolverineGet("/api/participants/summary")]
    [ProducesResponseType<ParticipationSummary>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    public static async Task<IResult> Get(string? asOf, string? knownAt, HttpRequest request, NpgsqlDataSource database, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var answer = await ParticipantsQuery.From(asOf, knownAt, null, null, time).RunAsync(database, store.Options.DatabaseSchemaName, cancellationToken);
        var summary = Summarize(answer);
        var models = Enum.GetValues<SupportModel>();
        return Csv.IsWanted(request)
            ? Csv.Answer(
                string.Join(',', ["STATE", .. models.Select(m => m.ToString()), "TOTAL"]),
                summary.States.Select(s => new object?[] { s.Name }.Concat(models.Select(m => (object?)s.Agreements.GetValueOrDefault(m))).Append(s.Total)))
            : Results.Ok(summary);
    }

    public static ParticipationSummary Summarize(ParticipantsAnswer answer)
    {
        var participants = answer.Participants;
        var models = participants
            .GroupBy(p => p.Model)
            .OrderBy(g => g.Key)
            .Select(g => new ModelTally(g.Key, g.Key.PublishedName(), g.Count(), g.Select(p => p.AgencyId).Distinct().Count(), g.Select(p => p.State).Distinct().Count()))
            .ToList();
        var states = participants
            .GroupBy(p => (p.State, p.StateName))
            .OrderBy(g => g.Key.StateName)
            .Select(g => new StateTally(g.Key.State, g.Key.StateName, g.GroupBy(p => p.Model).OrderBy(m => m.Key).ToDictionary(m => m.Key, m => m.Count()), g.Count()))
            .ToList();
        var totals = new Tally(participants.Count, participants.Select(p => p.AgencyId).Distinct().Count(), participants.Select(p => p.State).Distinct().Count());
        return new ParticipationSummary(answer.AsOf, answer.KnownAt, Sentence(models, participants), totals, models, states, answer.Uncertain.Count, answer.Rule);
    }

    /// <summary>In the words ICE's May 2019 page used: "80 JEM agreements in 21 states, 10 WSO agreements in Florida".</summary>
    public static string Sentence(IEnumerable<ModelTally> models, IReadOnlyList<Participant> participants) =>
        string.Join(", ", models.Select(m => $"{m.Agreements} {m.Model} agreement{(m.Agreements == 1 ? string.Empty : "s")} in {Where(m, participants)}"));

    private static string Where(ModelTally model, IReadOnlyList<Participant> participants) =>
        model.States == 1
            ? UsState.FromCode(participants.First(p => p.Model == model.Model).State).Name
            : $"{model.States} states";
}
