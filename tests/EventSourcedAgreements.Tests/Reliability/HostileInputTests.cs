using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EventSourcedAgreements.Tests.Reliability;

/// <summary>
/// Sends the hostile input corpus (HostileInputs.json and <see cref="HostileCorpus"/>) to every endpoint. Each request
/// must get a 4xx, never a 5xx, answered as an RFC 9457 ProblemDetails whose status is the HTTP status, and must
/// append nothing to the event store. The counts go to the test output.
/// </summary>
public sealed class HostileInputTests(AppFixture app, ITestOutputHelper output) : AppTest(app)
{
    private const string ProblemJson = "application/problem+json";

    public static TheoryData<string> Categories() => new(HostileCorpus.Categories);

    public static TheoryData<string> CommandRoutes() => new(Commands.All.Select(c => c.Route));

    [Theory]
    [MemberData(nameof(Categories))]
    public async Task hostile_requests_are_refused_with_a_4xx_problem_and_append_nothing(string category)
    {
        var outcome = await Run(category);

        output.WriteLine($"{category}: {outcome.Tried} requests tried, {outcome.ServerErrors} answered 5xx, {outcome.Failures.Count} broke a rule.");
        output.WriteLine($"statuses: {string.Join(", ", outcome.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))}");
        foreach (var failure in outcome.Failures)
        {
            output.WriteLine(failure);
        }

        outcome.Tried.ShouldBeGreaterThan(0);
        outcome.Failures.ShouldBeEmpty($"{outcome.Failures.Count} of {outcome.Tried} '{category}' requests broke a rule:\n{string.Join('\n', outcome.Failures.Take(40))}");
    }

    [Fact]
    public async Task the_corpus_holds_more_than_250_requests_and_aims_at_every_endpoint()
    {
        var corpus = await Corpus();

        foreach (var category in corpus.GroupBy(c => c.Category))
        {
            output.WriteLine($"{category.Key}: {category.Count()} requests");
        }

        output.WriteLine($"in all: {corpus.Count} hostile requests");
        corpus.Count.ShouldBeGreaterThan(250);
        corpus.Select(c => c.Category).Distinct().ShouldBe(HostileCorpus.Categories, ignoreOrder: true);
        var aimedAt = corpus.Where(c => c.Route is not null).Select(c => c.Route!).ToHashSet(StringComparer.Ordinal);
        var endpoints = ApiDescriptionTests.Endpoints().Select(row => $"{((string)row[0]).ToUpperInvariant()} {row[1]}").ToList();
        endpoints.Where(e => !aimedAt.Contains(e)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(CommandRoutes))]
    public async Task the_valid_body_the_corpus_spoils_is_accepted_from_the_program_office(string route)
    {
        var targets = await Targets.CreateAsync(Service);
        var command = Commands.All.Single(c => c.Route == route);
        using var client = Http.Client(App, Officer);
        var before = await CountEvents();

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(command.PathFor(targets), UriKind.Relative)) { Content = Http.Json(command.ValidBody(targets).ToJsonString()) };
        var answer = await Http.SendAsync(client, request);

        answer.Status.ShouldBeInRange(200, 201, answer.Body);
        (await CountEvents()).ShouldBe(before + 1);
    }

    /// <summary>
    /// A field the command does not have (a typo of <c>expectedVersion</c> would silently drop the concurrency check) or
    /// a field given twice (two readers of the body could each take another) is a 400 naming the field, like every 400,
    /// and naming no .NET type.
    /// </summary>
    [Theory]
    [InlineData("{\"signedOn\":\"2019-01-22\",\"expected_version\":1}", "expected_version")]
    [InlineData("{\"signedOn\":\"2019-01-22\",\"status\":\"Active\"}", "status")]
    [InlineData("{\"signedOn\":\"2019-01-22\",\"signedOn\":\"2019-01-23\"}", "signedOn")]
    [InlineData("{\"signedOn\":\"2019-01-22\",\"SignedOn\":\"2019-01-23\"}", "signedOn")]
    public async Task an_unknown_or_repeated_field_is_a_400_that_names_the_field_and_no_dotnet_type(string body, string field)
    {
        var targets = await Targets.CreateAsync(Service);
        using var client = Http.Client(App, Officer);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/agreements/{targets.Requested}/sign", UriKind.Relative)) { Content = Http.Json(body) };
        var answer = await Http.SendAsync(client, request);

        answer.Status.ShouldBe(400, answer.Body);
        answer.MediaType.ShouldBe(ProblemJson);
        answer.Body.ShouldNotContain("EventSourcedAgreements.");
        var problem = JsonSerializer.Deserialize<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(answer.Body, Json)!;
        problem.Errors.Keys.ShouldBe([field]);
        (await Events(targets.Requested)).Count.ShouldBe(1);
    }

    /// <summary>
    /// Where the service takes free text (an agency's name, a reason) an injection string is text like any other: it is
    /// kept as sent, parameters keep it out of the SQL, and it comes back inside JSON (application/json), never as markup.
    /// Where the service takes a code, a date, a URL or an id, the corpus's "sql and script injection" cases refuse it.
    /// </summary>
    [Fact]
    public async Task injection_strings_in_free_text_are_kept_verbatim_and_harm_nothing()
    {
        var injections = HostileStrings.Load().Injections;
        var before = await CountEvents();

        for (var i = 0; i < injections.Count; i++)
        {
            var name = $"County {(char)('A' + i)} Sheriff's Office {injections[i]}";
            var created = await Send("/api/agreements", new { state = "FL", agencyName = name, model = "JEM" }, Officer, HttpStatusCode.Created);
            var id = created.ReadAsJson<EventSourcedAgreements.Agreements.AgreementAccepted>()!.Id;
            await Send(id, new WithdrawRequest(injections[i], ExpectedVersion: null));

            var details = await Send($"/api/agreements/{id}", null, null, HttpStatusCode.OK, "GET");
            details.Context.Response.ContentType.ShouldBe("application/json; charset=utf-8");
            var agreement = details.ReadAsJson<EventSourcedAgreements.Agreements.Agreement>()!;
            agreement.AgencyName.ShouldBe(name);
            agreement.EndReason.ShouldBe(injections[i]);
        }

        (await CountEvents()).ShouldBe(before + (2 * injections.Count));
        (await Service.AllAsync<JsonElement>("/api/agreements?state=FL")).Count.ShouldBe(injections.Count);
    }

    private async Task<IReadOnlyList<HostileCase>> Corpus(string? category = null)
    {
        var targets = await Targets.CreateAsync(Service);
        var corpus = new HostileCorpus(targets, App.Host.Services.GetRequiredService<IOptions<AuthSettings>>().Value, HostileStrings.Load());
        return category is null ? corpus.Build() : corpus.Build(category);
    }

    private sealed record Outcome(int Tried, int ServerErrors, IReadOnlyList<string> Failures, IReadOnlyDictionary<int, int> Statuses);

    /// <summary>
    /// Sends the category's requests one by one. A request that got through changed the agreements the next ones aim
    /// at, so after one the store is emptied and the agreements made again, lest one failure hide the next behind a 409.
    /// </summary>
    private async Task<Outcome> Run(string category)
    {
        using var client = App.Host.Server.CreateClient();
        var cases = await Corpus(category);
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var serverErrors = 0;
        var events = await CountEvents();
        for (var i = 0; i < cases.Count; i++)
        {
            var hostile = cases[i];
            var answer = await Answer(client, hostile);
            var after = await CountEvents();

            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
            serverErrors += answer.Status >= 500 ? 1 : 0;
            var broken = Broken(hostile, answer, after - events).ToList();
            if (broken.Count > 0)
            {
                failures.Add($"{hostile} → {string.Join("; ", broken)}");
            }

            if (after != events || answer.Status is >= 200 and < 300)
            {
                await App.ResetAsync();
                cases = await Corpus(category);
                after = await CountEvents();
            }

            events = after;
        }

        return new Outcome(cases.Count, serverErrors, failures, statuses);
    }

    private static async Task<Answer> Answer(HttpClient client, HostileCase hostile)
    {
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), new Uri(hostile.Url, UriKind.Relative)) { Content = hostile.Content() };
            if (hostile.Authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", hostile.Authorization);
            }

            if (hostile.Accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", hostile.Accept);
            }

            return await Http.SendAsync(client, request);
        }
        catch (Exception thrown) when (thrown is not OutOfMemoryException)
        {
            return new Answer((int)HttpStatusCode.InternalServerError, null, $"thrown to the client: {thrown.GetType().Name}: {thrown.Message}");
        }
    }

    private static IEnumerable<string> Broken(HostileCase hostile, Answer answer, long appended)
    {
        if (answer.Status is < 400 or > 499)
        {
            yield return $"{answer.Status}: {Shorten(answer.Body)}";
        }
        else if (hostile.Expected is { } expected && answer.Status != expected)
        {
            yield return $"{answer.Status} where {expected} is right: {Shorten(answer.Body)}";
        }

        if (answer.MediaType != ProblemJson)
        {
            yield return $"{answer.Status} answered as '{answer.MediaType ?? "nothing"}', not {ProblemJson}: {Shorten(answer.Body)}";
        }
        else if (hostile.Method != "HEAD" && ProblemStatus(answer.Body) != answer.Status)
        {
            yield return $"the ProblemDetails status is {ProblemStatus(answer.Body)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, the HTTP status {answer.Status}";
        }

        if (appended != 0)
        {
            yield return $"{appended} event(s) appended";
        }
    }

    private static int? ProblemStatus(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("status", out var status) && status.TryGetInt32(out var value)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private Task<long> CountEvents() => App.CountEventsAsync();
}
