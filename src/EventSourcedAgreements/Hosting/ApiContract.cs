using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// The OpenAPI document as a contract clients can be generated from: each operation tagged by the resource it belongs to,
/// with a summary and a description taken from the endpoint's own documentation comment (what a reader of the code
/// reads), and without the responses inferred for it that it never gives: the <c>IResult</c> of an endpoint that returns
/// one (the endpoint declares what it really answers), a 404 on a route that names nothing; and with the refusals the
/// service's guards answer for any endpoint of its kind (<see cref="DeclareProblems"/>).
/// </summary>
public sealed partial class ApiContract : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    /// <summary>The resources, by the first segment of the route after <c>/api/</c>; an agreement's officers are officers.</summary>
    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        ["agreements"] = "Agreements",
        ["officers"] = "Officers",
        ["agencies"] = "Agencies",
        ["participants"] = "Participation",
        ["publications"] = "Publications",
        ["audit"] = "Audit",
        ["subscriptions"] = "Subscriptions",
    };

    public static readonly IReadOnlyList<string> Tags = [.. Resources.Values, "Health"];

    private static readonly Lazy<Dictionary<string, string>> Comments = new(ReadComments);

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var route = "/" + (context.Description.RelativePath ?? string.Empty).TrimStart('/');
        operation.Tags = new HashSet<OpenApiTagReference> { new(Resource(route), context.Document) };

        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<HttpChain>().FirstOrDefault() is { } chain
            && Comments.Value.TryGetValue(MemberId(chain.Method.Method), out var comment))
        {
            // Wolverine describes an endpoint by its method and route (POST_api_agreements) unless told otherwise: that is no description.
            var existing = operation.Description is { } described && WolverineName().IsMatch(described) ? null : operation.Description;
            operation.Summary = Summary(comment);
            operation.Description = string.IsNullOrEmpty(existing) ? comment : $"{comment}\n\n{existing}";
        }

        var responses = context.Description.SupportedResponseTypes;
        foreach (var inferred in responses.Where(r => r.Type == typeof(IResult) && !responses.Any(other => other.StatusCode == r.StatusCode && other.Type != typeof(IResult))).ToList())
        {
            operation.Responses?.Remove(inferred.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // A route without parameters names nothing that could be missing: the 404 inferred for it is never answered.
        if (!route.Contains('{', StringComparison.Ordinal))
        {
            operation.Responses?.Remove("404");
        }

        DeclareDownloads(operation, context);
        DeclareProblems(operation, context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The downloads an endpoint also answers (CSV with <c>Accept: text/csv</c>, an XLSX workbook with its media type), as
    /// its declarations say: the document keeps only the first of the answers declared for one status, so the others are
    /// put back here.
    /// </summary>
    private static void DeclareDownloads(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<HttpChain>().FirstOrDefault()?.Method.Method
            .GetCustomAttributes<ProducesResponseTypeAttribute>()
            .Where(declaration => declaration.StatusCode == StatusCodes.Status200OK)
            .SelectMany(MediaTypes)
            .ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse answer)
        {
            return;
        }

        answer.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (declared.Contains(Participation.Csv.MediaType))
        {
            answer.Content[Participation.Csv.MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The same answer as CSV (UTF-8 with a byte order mark, a download named after the question), when asked with `Accept: text/csv`." },
            };
        }

        if (declared.Contains(Participation.Spreadsheet.MediaType))
        {
            answer.Content[Participation.Spreadsheet.MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "binary",
                    Description = $"The same answer as an XLSX workbook in the layout of ICE's spreadsheets (a download named after the question), when asked with `Accept: {Participation.Spreadsheet.MediaType}`.",
                },
            };
        }
    }

    private static MediaTypeCollection MediaTypes(IApiResponseMetadataProvider declared)
    {
        var types = new MediaTypeCollection();
        declared.SetContentTypes(types);
        return types;
    }

    /// <summary>
    /// The refusals every operation of its kind may answer, each a ProblemDetails, where the endpoint does not declare them
    /// itself: without a valid token or with the wrong role or agency (401, 403) where it needs one; a stale
    /// <c>If-Match</c> (412) where it takes one; for a write, a body over the limit (413), a reused
    /// <c>Idempotency-Key</c> (422, commands), too many writes (429); for any, the database unavailable (503) and the time
    /// limit (504).
    /// </summary>
    private static void DeclareProblems(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? string.Empty;
        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var write = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        var ifMatch = context.Description.ParameterDescriptions.Any(parameter => parameter.Name == "If-Match");
        (string Status, bool Applies, string Description)[] problems =
        [
            ("401", secured, "Unauthorized: no bearer token, or one that is expired, not yet valid, not signed by the configured issuer's keys, or for another audience; the problem's `detail` says which (and `WWW-Authenticate` too)."),
            ("403", secured, "Forbidden: the token's role, or its agency, may not do this; the problem's `detail` names the roles the operation needs (`requiredRoles`) and the token's (`tokenRoles`), or the agency the token is for."),
            ("412", ifMatch, "Precondition failed: `If-Match` names another version than the record's current one; reload it and decide again."),
            ("413", write, "Request too large: the body is larger than this endpoint accepts."),
            ("422", HttpMethods.IsPost(method), "Unprocessable: the `Idempotency-Key` was used before with another body (or the content cannot be processed)."),
            ("429", write, "Too many writes from this caller this minute; `Retry-After` says when to try again."),
            ("503", true, "Database unavailable or busy: nothing was recorded; `Retry-After` says when to try again."),
            ("504", true, "Request timeout: the request took longer than the service's time limit."),
        ];
        operation.Responses ??= [];
        foreach (var (status, applies, description) in problems.Where(problem => problem.Applies && !operation.Responses.ContainsKey(problem.Status)))
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
                },
            };
        }
    }

    /// <summary>
    /// The document's title and description; the tags the operations name, each described once; no schema left for the
    /// <c>IResult</c> responses taken out; and one server, relative: the API is where the document was read from (not the
    /// address the request came in on, which a proxy's may differ from).
    /// </summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Title = "EventSourcedAgreements";
        document.Info.Description = "The complete, trustworthy history of the 287(g) Memoranda of Agreement between ICE and state and local law enforcement agencies: agencies ask to join and nominate officers, the program office records its decisions and imports ICE's lists, and anyone asks who participated on any date, as known on any date.";
        document.Servers = [new OpenApiServer { Url = "/", Description = "Where this document was read from." }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(tag => new OpenApiTag { Name = tag, Description = TagDescription(tag) }));
        document.Components?.Schemas?.Remove(nameof(IResult));
        DeclareHealth(document);
        foreach (var names in (document.Components?.Schemas?.Values ?? []).OfType<OpenApiSchema>().Where(schema => schema.Enum is { Count: > 0 }))
        {
            // A set of names, written as strings: an enum the answers use as nullable is described with a null among its
            // names and no type, which generators read as an object; where a field may be null, the field says so.
            names.Type = JsonSchemaType.String;
            names.Enum = [.. names.Enum!.Where(name => name is not null)];
        }

        if (document.Components?.Schemas?.TryGetValue(nameof(ProblemDetails), out var declared) == true && declared is OpenApiSchema problem)
        {
            // A refusal says more than RFC 9457's five members: a 400 names each field, and every answer carries its trace.
            problem.AdditionalPropertiesAllowed = true;
            problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
            problem.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For a 400: each field in error, with what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            problem.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace, as the service's logs and traces name it." };
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The health checks (<see cref="OperationalGuards.MapHealthEndpoints"/>), which ASP.NET's document leaves out: they are
    /// middleware, not endpoints with a signature to describe. Each answers plain text, <c>Healthy</c> or <c>Unhealthy</c>.
    /// </summary>
    private static void DeclareHealth(OpenApiDocument document)
    {
        (string Path, string Id, string Summary, string Description, bool Database)[] checks =
        [
            (OperationalGuards.LivePath, "GetLiveness", "Whether the process answers", "Whether the process answers, without asking the database: for a liveness probe (a restart when it fails).", false),
            (OperationalGuards.ReadyPath, "GetReadiness", "Whether the service and its database answer", "Whether the service and its PostgreSQL answer: for a readiness probe or a load balancer (no traffic while it fails).", true),
            (OperationalGuards.HealthPath, "GetHealth", "Whether the service and its database answer (as /health/ready)", "The same check as `/health/ready`, at the address many tools look for first.", true),
        ];
        document.Paths ??= [];
        foreach (var check in checks)
        {
            var responses = new OpenApiResponses { ["200"] = Text("Healthy.", "Healthy") };
            if (check.Database)
            {
                responses["503"] = Text("Unhealthy: PostgreSQL does not answer.", "Unhealthy");
            }

            document.Paths[check.Path] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new()
                    {
                        OperationId = check.Id,
                        Summary = check.Summary,
                        Description = check.Description,
                        Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                        Responses = responses,
                        Security = [],
                    },
                },
            };
        }

        static OpenApiResponse Text(string description, string answer) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = System.Text.Json.Nodes.JsonValue.Create(answer) },
            },
        };
    }

    /// <summary>The resource an operation on <paramref name="route"/> belongs to.</summary>
    public static string Resource(string route)
    {
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["api", "agreements", _, var sub, ..] && sub.StartsWith("officer", StringComparison.Ordinal))
        {
            return "Officers";
        }

        return segments is ["api", var resource, ..] && Resources.TryGetValue(resource, out var tag) ? tag : "Health";
    }

    private static string TagDescription(string tag) => tag switch
    {
        "Agreements" => "Requests to join the 287(g) program and the Memoranda of Agreement: their lifecycle, history and corrections.",
        "Officers" => "Designated immigration officers nominated under an agreement: clearance, training, certification and authority; public counts.",
        "Agencies" => "The law enforcement agencies the record knows, and each one's agreements.",
        "Participation" => "Who participated on any date, as known on any date: ICE's lists as the record holds them, summaries, changes and timelines.",
        "Publications" => "ICE's published lists of participants, imported in whatever order they arrive.",
        "Audit" => "The tamper-evident record: the audit feed, the hash chain's anchors and its verification.",
        "Subscriptions" => "Webhooks: receivers subscribed to an agency's events, and their deliveries.",
        _ => "Whether the service and its database answer.",
    };

    /// <summary>
    /// The first sentence of <paramref name="comment"/>, up to its first colon or full stop outside parentheses (and not
    /// that of "e.g."): the operation's summary.
    /// </summary>
    public static string Summary(string comment)
    {
        var depth = 0;
        var end = comment.Length;
        for (var i = 0; i < comment.Length; i++)
        {
            depth += comment[i] switch { '(' => 1, ')' => -1, _ => 0 };
            var atBreak = i + 1 == comment.Length || char.IsWhiteSpace(comment[i + 1]);
            if (depth == 0 && atBreak && (comment[i] == ':' || (comment[i] == '.' && !comment[..(i + 1)].EndsWith("e.g.", StringComparison.Ordinal))))
            {
                end = i;
                break;
            }
        }

        var summary = comment[..end];
        return summary.Length <= 120 ? summary : summary[..summary.LastIndexOf(' ', 117)] + "…";
    }

    /// <summary>The documentation comment id of <paramref name="method"/> without its parameters: endpoint methods are not overloaded.</summary>
    private static string MemberId(MethodInfo method) => $"M:{method.DeclaringType!.FullName!.Replace('+', '.')}.{method.Name}";

    /// <summary>Each method's summary, as text, from the documentation file built beside the assembly (none when it is missing).</summary>
    private static Dictionary<string, string> ReadComments()
    {
        var path = Path.ChangeExtension(typeof(ApiContract).Assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>();
        }

        var comments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            if (name is null || !name.StartsWith("M:", StringComparison.Ordinal) || member.Element("summary") is not { } summary)
            {
                continue;
            }

            var id = name.IndexOf('(', StringComparison.Ordinal) is var open and > 0 ? name[..open] : name;
            comments.TryAdd(id, Text(summary));
        }

        return comments;
    }

    /// <summary>A summary element as Markdown: <c>code</c> in backticks, references by their last name, one line.</summary>
    private static string Text(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
            XElement element when element.Attribute("cref") is { } cref => $"`{cref.Value[(cref.Value.LastIndexOf('.') + 1)..]}`",
            XElement element when element.Attribute("name") is { } name => $"`{name.Value}`",
            XElement element => element.Value,
            _ => string.Empty,
        });
        return Whitespace().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[A-Z]+_[A-Za-z0-9_]*$")]
    private static partial Regex WolverineName();
}
