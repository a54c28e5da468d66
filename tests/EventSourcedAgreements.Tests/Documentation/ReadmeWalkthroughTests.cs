using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventSourcedAgreements.Tests.Documentation;

/// <summary>
/// The README's walkthrough, read from README.md and sent as written, on a store like a newcomer's: Development, the May
/// 2019 list imported by the first start, deadlines on, the machine's clock. Runs 2 to 10 start on the store that
/// <c>reset</c> (the service's command line, in a process of its own) emptied, as the README tells a reader who runs it again.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class ReadmeWalkthroughTests(AppFixture app)
{
    private const int Runs = 10;
    private const string DevelopmentKey = "signing key of the walkthrough tests, 48 bytes long";

    [Fact]
    public async Task the_readme_walkthrough_answers_as_it_says_ten_times_in_a_row_each_on_a_fresh_store_with_deadlines_on()
    {
        var walkthrough = ReadmeWalkthrough.Read(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "README.md")));
        walkthrough.Tokens.Select(t => t.Variable).ShouldBe(["OFFICER", "AGENCY"]);
        walkthrough.Requests.Count(r => r.ExpectsConflict).ShouldBe(1);
        walkthrough.Requests.Count(r => r.GivesId).ShouldBe(1);
        walkthrough.Requests.Count.ShouldBeGreaterThan(10);

        var database = await app.Postgres.CreateDatabaseAsync(allowPurge: false);
        var failedRuns = new List<string>();
        for (var run = 1; run <= Runs; run++)
        {
            if (run > 1)
            {
                var reset = await ServiceCommandLine.RunAsync("Development", database, DevelopmentKey, "reset");
                reset.ExitCode.ShouldBe(0, reset.Output);
            }

            await using var host = await AppFixture.StartHostAsync(database, (DeadlineSettings.EnabledSetting, "true"), ("FirstRun:Import", "true"));
            if (await FirstWrongAnswerAsync(host, walkthrough) is { } wrong)
            {
                failedRuns.Add($"run {run}: {wrong}");
            }
        }

        failedRuns.ShouldBeEmpty($"{failedRuns.Count} of {Runs} runs of the README's walkthrough went wrong");
    }

    /// <summary>Sends every request of the walkthrough in order: the first answer other than the README's, or null when all were.</summary>
    private static async Task<string?> FirstWrongAnswerAsync(IAlbaHost host, ReadmeWalkthrough walkthrough)
    {
        var (wrong, ids) = await SendAllAsync(host, walkthrough);
        if (wrong is not null)
        {
            return wrong;
        }

        using var client = host.Server.CreateClient();
        using var details = await client.GetAsync(new Uri($"/api/agreements/{ids["ID"]}", UriKind.Relative));
        var status = JsonDocument.Parse(await details.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
        return status == "Terminated" ? null : $"after the last step the agreement is {status}, not Terminated";
    }

    /// <summary>
    /// Sends every request of <paramref name="walkthrough"/> in order, as the shell would: the first answer other than
    /// the document's (or null), and the variables the requests set.
    /// </summary>
    public static async Task<(string? Wrong, IReadOnlyDictionary<string, string> Ids)> SendAllAsync(IAlbaHost host, ReadmeWalkthrough walkthrough)
    {
        var tokens = walkthrough.Tokens.ToDictionary(t => t.Variable, t => Token(host, t));
        using var client = host.Server.CreateClient();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in walkthrough.Requests)
        {
            if (step.WaitsSeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(step.WaitsSeconds));
            }

            var path = ids.OrderByDescending(v => v.Key.Length).Aggregate(step.Path, (current, variable) => current.Replace($"${variable.Key}", variable.Value, StringComparison.Ordinal));
            using var request = new HttpRequestMessage(new HttpMethod(step.Method), path);
            if (step.TokenVariable is { } variable)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens[variable]);
            }

            if (step.Body is { } body)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            var expected = step.ExpectsConflict ? response.StatusCode == HttpStatusCode.Conflict : response.IsSuccessStatusCode;
            if (!expected)
            {
                return ($"{step} answered {(int)response.StatusCode}, the document says {(step.ExpectsConflict ? "409" : "2xx")}: {answer}", ids);
            }

            if (step.Assigns is { } assigned)
            {
                ids[assigned] = JsonDocument.Parse(answer).RootElement.GetProperty("id").GetString()!;
            }
        }

        return (null, ids);
    }

    /// <summary>What <c>dotnet run -- token …</c> prints, run with the host's configuration; <c>tail -n 1</c> keeps the last line.</summary>
    private static string Token(IAlbaHost host, WalkthroughToken token)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = TokenCommand.Run(token.Arguments, host.Services.GetRequiredService<IConfiguration>(), host.Services.GetRequiredService<IHostEnvironment>(), TimeProvider.System, output, error);
        exitCode.ShouldBe(0, error.ToString());
        return output.ToString().TrimEnd().Split('\n')[^1];
    }
}
