using System.Diagnostics;
using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// The OpenAPI document lints clean under a standard linter, Redocly CLI (pinned, fetched by <c>npx</c>), with the
/// repository's <c>redocly.yaml</c>: its recommended rules, two set aside with the reason written there; no error, no
/// warning.
/// </summary>
public sealed class OpenApiLintTests(AppFixture app) : AppTest(app)
{
    public const string Linter = "@redocly/cli@2.77.0";

    [Fact]
    public async Task the_openapi_document_lints_clean_with_redocly()
    {
        var folder = Directory.CreateTempSubdirectory("openapi-lint-");
        try
        {
            var document = Path.Combine(folder.FullName, "openapi.json");
            await File.WriteAllTextAsync(document, (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsText());
            var config = Path.Combine(folder.FullName, "redocly.yaml");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "redocly.yaml"), config);

            var (exitCode, output) = await RunAsync(folder.FullName, "npx", "--yes", Linter, "lint", document, "--config", config, "--format=json");

            var start = output.IndexOf('{', StringComparison.Ordinal);
            start.ShouldBeGreaterThanOrEqualTo(0, $"the linter wrote no report (exit code {exitCode}): {output}");
            var report = JsonDocument.Parse(output[start..(output.LastIndexOf('}') + 1)]).RootElement;
            var problems = report.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();
            problems.ShouldBeEmpty();
            (report.GetProperty("totals").GetProperty("errors").GetInt32(), report.GetProperty("totals").GetProperty("warnings").GetInt32(), exitCode).ShouldBe((0, 0, 0));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs <paramref name="program"/> in <paramref name="folder"/> for at most five minutes (npx may first fetch the linter); its exit code and what it wrote.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start: install Node.js (apt-get install nodejs npm).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
