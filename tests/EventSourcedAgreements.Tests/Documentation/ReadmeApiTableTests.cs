using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Documentation;

/// <summary>
/// The README's API table against the service's own OpenAPI document: every operation the document describes is a row
/// of the table and every route of the table an operation, each with the query parameters the operation takes.
/// </summary>
public sealed partial class ReadmeApiTableTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task the_readmes_api_table_names_every_operation_of_the_document_with_its_query_parameters_and_no_other()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        var described = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var query = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray()
                    : [];
                described[$"{operation.Name.ToUpperInvariant()} {path.Name}"] = string.Join(',', query);
            }
        }

        var table = Table(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "README.md")));

        table.Keys.Except(described.Keys).ShouldBeEmpty("routes the README names that the document does not describe");
        described.Keys.Except(table.Keys).ShouldBeEmpty("operations the document describes that the README's table leaves out");
        described.Where(operation => table[operation.Key] != operation.Value)
            .Select(operation => $"{operation.Key}: README ?{table[operation.Key]}, document ?{operation.Value}")
            .ShouldBeEmpty();
        described.Count.ShouldBeGreaterThan(50);
    }

    /// <summary>
    /// The routes in the first column of the table under "## The API", each with the query parameters it names
    /// (<c>`GET /api/agreements?state=&amp;model=`</c>; <c>[?dryRun=true]</c> an optional one); a span that is a bare
    /// segment (<c>`/revoke`</c>) is the route before it with its last segment replaced.
    /// </summary>
    private static Dictionary<string, string> Table(string readme)
    {
        var section = readme[readme.IndexOf("\n## The API", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n", section.IndexOf("| method and route", StringComparison.Ordinal), StringComparison.Ordinal)];
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in section.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            var firstCell = row[1..row.IndexOf(" | ", StringComparison.Ordinal)];
            var (method, path) = (string.Empty, string.Empty);
            foreach (var span in CodeSpan().Matches(firstCell).Select(match => match.Groups[1].Value.Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal)))
            {
                string target;
                if (Route().Match(span) is { Success: true } route)
                {
                    (method, target) = (route.Groups[1].Value, route.Groups[2].Value);
                }
                else
                {
                    span.ShouldStartWith("/", customMessage: $"a route in the README's table: {row}");
                    target = path[..path.LastIndexOf('/')] + span;
                }

                path = target.Split('?')[0];
                var query = target.Contains('?', StringComparison.Ordinal)
                    ? target.Split('?')[1].Split('&').Select(pair => pair.Split('=')[0]).Order(StringComparer.Ordinal).ToArray()
                    : [];
                routes[$"{method} {path}"] = string.Join(',', query);
            }
        }

        return routes;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) (\S+)$")]
    private static partial Regex Route();
}
