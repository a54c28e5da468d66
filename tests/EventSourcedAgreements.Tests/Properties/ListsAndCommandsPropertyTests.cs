using System.Globalization;
using System.Net;
using System.Text.Json;
using CsCheck;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Tests.Publications;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EventSourcedAgreements.Tests.Properties;

/// <summary>
/// The six shipped lists imported in a random order, interleaved with random commands on one agency (an agency the lists
/// name, with its own story in them, or one they never name), must answer as the same lists imported in date order
/// before the same commands, on a fresh store: for every list's date as known on that date (the lists alone: the
/// commands are known later), and, when every command was decided alike in both runs, for every date the lists and the
/// commands name, as known on every list's date and now. Never two agreements of one agency and model in force on one
/// day, at any of those knowledge times; what the service answered midway is what it answers with <c>recordedAt</c>.
/// For the agency no list names, the reference model decides every command and gives every answer, lists or not.
/// A failure prints the interleaving and CsCheck's seed: <c>CsCheck_Seed=SEED dotnet test --filter
/// "FullyQualifiedName~ListsAndCommandsPropertyTests"</c> replays it.
/// </summary>
public sealed class ListsAndCommandsPropertyTests(AppFixture app, ITestOutputHelper output) : AppTest(app)
{
    private static readonly (string File, string PublishedOn)[] Lists = RoundTripTests.InDateOrder;

    private static readonly DateOnly[] ListDates = [.. Lists.Select(list => DateOnly.Parse(list.PublishedOn, CultureInfo.InvariantCulture)).Distinct()];

    /// <summary>Agencies whose stories in the six lists differ, and one the lists never name (no name: one of the scenario's own).</summary>
    public static readonly ListedAgency[] Agencies =
    [
        new("AZ", "Arizona Department of Corrections", SupportModel.JEM, "on every participating list"),
        new("NV", "Las Vegas Metropolitan Police Department", SupportModel.JEM, "on the 2019 page only"),
        new("NV", "Lyon County Sheriff's Office", SupportModel.JEM, "on the 2019 page, not on the 2021 roster, back in 2025"),
        new("FL", "Boca Raton Police Department", SupportModel.TFM, "on the participating list of 2025-05-16 only"),
        new("AL", "Houston County Sheriff's Office", SupportModel.JEM, "pending on 2025-05-15, signed 2025-07-07"),
        new("TX", null, SupportModel.JEM, "named by no list"),
    ];

    /// <summary>
    /// The first request is under the model the lists show the agency under one time in three (where what the lists
    /// hold decides what the commands get), else under another (where it must not).
    /// </summary>
    private static readonly Gen<Interleaving> Interleavings =
        Gen.OneOf(Agencies).SelectMany(agency => Gen.Frequency((1, Gen.Const(agency.Model)), (2, Gen.OneOf(Enum.GetValues<SupportModel>().Where(m => m != agency.Model).ToArray())))
        .SelectMany(model => Gen.Select(
            Generators.SeveralAgreementsUnder(model),
            Gen.Shuffle(Enumerable.Range(0, Lists.Length).ToArray()),
            Gen.Int[0, Generators.MaxSteps].Array[Lists.Length],
            (commands, order, before) => new Interleaving(agency, commands with { State = agency.State }, order, [.. before.Order()]))));

    private Dictionary<DateOnly, List<string>> listsAlone = [];
    private int decidedAlike;
    private int decidedApart;

    [Fact]
    public async Task lists_in_any_order_interleaved_with_commands_answer_as_lists_in_date_order_before_the_commands()
    {
        foreach (var (file, publishedOn) in Lists)
        {
            (await ImportPublished(file, publishedOn)).Status.ShouldBe(HttpStatusCode.Created);
        }

        listsAlone = await WholeListAnswers();
        listsAlone.Values.Select(rows => rows.Count).ShouldBe([90, 150, 150, 571, 831]);

        var tokens = new Tokens(App);
        try
        {
            await Interleavings.SampleAsync(
                interleaving => Check(tokens, interleaving),
                output.WriteLine,
                iter: 24,
                threads: 1,
                print: interleaving => interleaving.ToString());
        }
        finally
        {
            output.WriteLine($"{decidedAlike + decidedApart} interleavings: every command decided alike in both orders in {decidedAlike}, some decided apart in {decidedApart}.");
        }

        decidedAlike.ShouldBeGreaterThanOrEqualTo((decidedAlike + decidedApart) / 3, "a third of the interleavings at least must be compared on every answer, not on the lists' dates alone");
    }

    private async Task Check(Tokens tokens, Interleaving interleaving)
    {
        var trace = new List<string>();
        await App.ResetAsync();
        var interleaved = await PlayInterleaved(tokens, interleaving, trace);
        await App.ResetAsync();
        var inDateOrder = await PlayListsFirst(tokens, interleaving, interleaved.Sent);

        foreach (var (publishedOn, rows) in interleaved.WholeLists)
        {
            Compare(rows, listsAlone[publishedOn], $"the whole answer as of and as known on {publishedOn:yyyy-MM-dd}, interleaved", trace);
            Compare(inDateOrder.WholeLists[publishedOn], listsAlone[publishedOn], $"the whole answer as of and as known on {publishedOn:yyyy-MM-dd}, lists first", trace);
        }

        var apart = interleaved.Answers.Zip(inDateOrder.Answers, (one, other) => (Interleaved: one, ListsFirst: other))
            .Select((pair, index) => (pair, index))
            .Where(x => x.pair.Interleaved.Status != x.pair.ListsFirst.Status || x.pair.Interleaved.Accepted?.Status != x.pair.ListsFirst.Accepted?.Status)
            .ToList();
        if (apart.Count > 0)
        {
            decidedApart++;
            output.WriteLine($"decided apart ({interleaving.Agency}): {string.Join("; ", apart.Select(x => $"{interleaved.Sent[x.index]}: interleaved {x.pair.Interleaved}, lists first {x.pair.ListsFirst}"))}");
            return;
        }

        decidedAlike++;
        foreach (var (question, answer) in inDateOrder.AgencyAnswers)
        {
            Compare(interleaved.AgencyAnswers[question], answer, $"{interleaving.Agency.State} {question}", trace);
        }
    }

    private async Task<Played> PlayInterleaved(Tokens tokens, Interleaving interleaving, List<string> trace)
    {
        var driver = new ServiceDriver(Service, tokens, interleaving.Agency.State, interleaving.Agency.Name);
        var model = ReferenceModel.Empty;
        var sent = new List<SentCommand>();
        var answers = new List<Answer>();
        var steps = interleaving.Steps().ToList();
        (DateTimeOffset At, Dictionary<string, string> Answers)? midway = null;
        foreach (var (step, number) in steps.Select((step, number) => (step, number)))
        {
            if (step.List is int list)
            {
                var (status, _) = await ImportPublished(Lists[list].File, Lists[list].PublishedOn);
                trace.Add($"import {Lists[list].File} => {(int)status}");
                if (status != HttpStatusCode.Created)
                {
                    Fail(trace, $"{Lists[list].File} answered {(int)status}: a list is never refused because of what the record holds");
                }
            }
            else
            {
                var today = DateOnly.FromDateTime(DateTime.UtcNow);
                var command = SentCommand.Resolve(interleaving.Commands.Steps[step.Command!.Value], model, today);
                var (expected, next) = model.Decide(command, today);
                var answer = await driver.Send(command);
                trace.Add($"{command} => model {expected}, service {answer}");
                if (interleaving.Agency.Name is null && answer.Outcome != expected)
                {
                    Fail(trace, $"the model answers {expected}, the service {answer}: no list names this agency, so the lists cannot change what its commands get");
                }

                model = answer.Outcome == expected ? next : model;
                sent.Add(command);
                answers.Add(answer);
            }

            if (number == steps.Count / 2)
            {
                midway = (DateTimeOffset.UtcNow, await AgencyAnswers(driver, ListDates.Append(DateOnly.FromDateTime(DateTime.UtcNow)), knownAt: [null], recordedAt: null, trace));
            }
        }

        if (midway is { } then)
        {
            var again = await AgencyAnswers(driver, ListDates.Append(DateOnly.FromDateTime(then.At.UtcDateTime)), knownAt: [null], recordedAt: then.At, trace);
            foreach (var (question, answer) in then.Answers)
            {
                Compare(again[question], answer, $"{interleaving.Agency.State} {question}, asked again with recordedAt={then.At:O}", trace);
            }
        }

        if (interleaving.Agency.Name is null)
        {
            await CompareWithModel(driver, model, trace);
        }

        return new Played(sent, answers, await WholeListAnswers(), await AgencyAnswers(driver, Probes(sent), KnowledgeTimes, recordedAt: null, trace));
    }

    private async Task<Played> PlayListsFirst(Tokens tokens, Interleaving interleaving, List<SentCommand> sent)
    {
        foreach (var (file, publishedOn) in Lists)
        {
            (await ImportPublished(file, publishedOn)).Status.ShouldBe(HttpStatusCode.Created);
        }

        var driver = new ServiceDriver(Service, tokens, interleaving.Agency.State, interleaving.Agency.Name);
        var answers = new List<Answer>();
        foreach (var command in sent)
        {
            answers.Add(await driver.Send(command));
        }

        return new Played(sent, answers, await WholeListAnswers(), await AgencyAnswers(driver, Probes(sent), KnowledgeTimes, recordedAt: null, []));
    }

    private static DateOnly?[] KnowledgeTimes => [.. ListDates.Select(date => (DateOnly?)date), null];

    /// <summary>Every list's date and every date a command named, each with the day before it, and today.</summary>
    private static IEnumerable<DateOnly> Probes(IEnumerable<SentCommand> sent) =>
        ListDates
            .Concat(sent.SelectMany(command => new[] { command.Date, command.ExpiresOn }).OfType<DateOnly>())
            .SelectMany(date => new[] { date.AddDays(-1), date })
            .Append(DateOnly.FromDateTime(DateTime.UtcNow))
            .Distinct()
            .Order();

    /// <summary>The agency's rows in the participants answer of its state, by question; fails when an agency and model are in force twice.</summary>
    private async Task<Dictionary<string, string>> AgencyAnswers(ServiceDriver driver, IEnumerable<DateOnly> asOf, DateOnly?[] knownAt, DateTimeOffset? recordedAt, List<string> trace)
    {
        var answers = new Dictionary<string, string>();
        foreach (var day in asOf.Distinct())
        {
            foreach (var known in knownAt)
            {
                var question = $"asOf={day:yyyy-MM-dd}" + (known is { } k ? $"&knownAt={k:yyyy-MM-dd}" : string.Empty);
                var recorded = recordedAt is { } at ? $"&recordedAt={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}" : string.Empty;
                var rows = await Rows($"/api/participants?{question}&state={driver.State}{recorded}");
                var twice = rows.GroupBy(row => (row.AgencyId, row.Model)).FirstOrDefault(group => group.Count() > 1);
                if (twice is not null)
                {
                    Fail(trace, $"{twice.Key.AgencyId} {twice.Key.Model} is in force twice {question}: {string.Join(", ", twice.Select(row => row.Text))}");
                }

                answers[question] = string.Join(", ", rows.Where(row => row.AgencyId == driver.AgencyId).Select(row => row.Text).Order(StringComparer.Ordinal));
            }
        }

        return answers;
    }

    /// <summary>The whole participants answer as of and as known on every list's date.</summary>
    private async Task<Dictionary<DateOnly, List<string>>> WholeListAnswers()
    {
        var answers = new Dictionary<DateOnly, List<string>>();
        foreach (var date in ListDates)
        {
            answers[date] = [.. (await Rows($"/api/participants?asOf={date:yyyy-MM-dd}&knownAt={date:yyyy-MM-dd}")).Select(row => $"{row.AgencyId} {row.Text}").Order(StringComparer.Ordinal)];
        }

        return answers;
    }

    private async Task<List<(string AgencyId, string Model, string Text)>> Rows(string url)
    {
        var answer = await Service.GetAsync<JsonElement>(url);
        return [.. answer.GetProperty("participants").EnumerateArray().Select(row => (
            row.GetProperty("agencyId").GetString()!,
            row.GetProperty("model").GetString()!,
            $"{row.GetProperty("model").GetString()} signed {row.GetProperty("signedOn")} in force {row.GetProperty("inForceFrom")}..{row.GetProperty("inForceUntil")} moa {row.GetProperty("moaUrl")}"))];
    }

    private static async Task CompareWithModel(ServiceDriver driver, ReferenceModel model, List<string> trace)
    {
        var dates = model.Agreements.SelectMany(agreement => agreement.Boundaries()).Concat(ListDates).Distinct().Order();
        foreach (var asOf in dates)
        {
            var participants = await driver.Participants(asOf);
            for (var index = 0; index < model.Agreements.Count; index++)
            {
                var expected = model.Agreements[index].SignedOnInForceOn(asOf)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
                var actual = string.Join(", ", participants[driver.Agreements[index]].Select(signedOn => signedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                if (expected != actual)
                {
                    Fail(trace, $"agreement #{index} as of {asOf:yyyy-MM-dd}: the model lists it signed [{expected}], the service [{actual}]");
                }
            }
        }
    }

    private static void Compare(string actual, string expected, string question, List<string> trace)
    {
        if (actual != expected)
        {
            Fail(trace, $"{question}: interleaved [{actual}], expected [{expected}]");
        }
    }

    private static void Compare(List<string> actual, List<string> expected, string question, List<string> trace)
    {
        if (!actual.SequenceEqual(expected))
        {
            Fail(trace, $"{question}: {actual.Count} rows, expected {expected.Count}; missing [{string.Join("; ", expected.Except(actual).Take(5))}], extra [{string.Join("; ", actual.Except(expected).Take(5))}]");
        }
    }

    private static void Fail(List<string> trace, string mismatch) =>
        throw new XunitException($"{mismatch}{Environment.NewLine}after:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", trace)}");

    private sealed record Played(List<SentCommand> Sent, List<Answer> Answers, Dictionary<DateOnly, List<string>> WholeLists, Dictionary<string, string> AgencyAnswers);
}

/// <summary>An agency of the generated interleavings: named as a list names it (or, with no name, one of the scenario's own), and the model it is listed under.</summary>
public sealed record ListedAgency(string State, string? Name, SupportModel Model, string Story)
{
    public override string ToString() => $"{Name ?? "an agency of its own"} ({State}, {Model}: {Story})";
}

/// <summary>
/// The lists in <see cref="ListOrder"/>, each imported after the first <see cref="CommandsBefore"/> commands of
/// <see cref="Commands"/> (indexes into <see cref="RoundTripTests.InDateOrder"/>; the counts never decrease).
/// </summary>
public sealed record Interleaving(ListedAgency Agency, Scenario Commands, int[] ListOrder, int[] CommandsBefore)
{
    public IEnumerable<(int? List, int? Command)> Steps()
    {
        var next = 0;
        for (var position = 0; position < ListOrder.Length; position++)
        {
            for (; next < Math.Min(CommandsBefore[position], Commands.Steps.Count); next++)
            {
                yield return (null, next);
            }

            yield return (ListOrder[position], null);
        }

        for (; next < Commands.Steps.Count; next++)
        {
            yield return (null, next);
        }
    }

    public override string ToString() =>
        $"{Agency}{Environment.NewLine}  " + string.Join(
            $"{Environment.NewLine}  ",
            Steps().Select(step => step.List is int list ? $"import {RoundTripTests.InDateOrder[list].File}" : Commands.Steps[step.Command!.Value].ToString()));
}
