using System.Reflection;
using System.Text.Json.Nodes;
using EventSourcedAgreements.Agreements;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// The parameters of the OpenAPI document as the service reads them: each described, with an example, typed as the
/// service parses it (a day, a whole number within its bounds, one of a set of names) though the endpoint takes the
/// text to say itself what is wrong with it, and required exactly when the endpoint cannot answer without it.
/// </summary>
public sealed class ApiParameters : IOpenApiOperationTransformer
{
    private static readonly NullabilityInfoContext Nullability = new();

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var route = "/" + (context.Description.RelativePath ?? string.Empty).TrimStart('/');
        var method = context.Description.ActionDescriptor.EndpointMetadata.OfType<HttpChain>().FirstOrDefault()?.Method.Method;
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (Describe(parameter.Name ?? string.Empty, parameter.In, route, context.Document) is not { } known)
            {
                continue;
            }

            parameter.Description ??= known.Description;
            parameter.Example ??= known.Example;
            if (known.Schema is not null)
            {
                parameter.Schema = known.Schema;
            }

            if (parameter.In == ParameterLocation.Query && method is not null && IsRequired(method, parameter.Name!))
            {
                parameter.Required = true;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A query parameter the endpoint takes as a string that may not be null: the endpoint answers 400 without it.</summary>
    private static bool IsRequired(MethodInfo method, string name) =>
        method.GetParameters().FirstOrDefault(p => p.Name == name) is { ParameterType: var type } parameter
        && type == typeof(string)
        && Nullability.Create(parameter).ReadState == NullabilityState.NotNull;

    private sealed record Known(string Description, JsonNode? Example, IOpenApiSchema? Schema = null);

    private static Known? Describe(string name, ParameterLocation? location, string route, OpenApiDocument? document) => (location, name) switch
    {
        (ParameterLocation.Path, "id") => new Known(PathId(route), "0f8fad5b-d9cb-469f-a165-70867728950e"),
        (ParameterLocation.Path, "agencyId") => new Known("The agency's id: its state's code and its name in lower case, words joined by hyphens, without apostrophes or accents.", "fl-marion-county-sheriffs-office"),
        (ParameterLocation.Path, "number") => new Known("The anchor's number, counted from 1.", 1),
        (ParameterLocation.Header, "If-Match") => new Known("The version the decision was made on (the ETag of the record as read, or its `version`): if the record has changed since, nothing is recorded and the answer is 412.", "\"3\""),
        (ParameterLocation.Header, "If-None-Match") => new Known("The ETag of the copy you hold: 304 with no body while the record is still that version.", "\"3\""),
        (ParameterLocation.Query, "asOf") => new Known("The day the answer is for (YYYY-MM-DD); today when left out.", "2019-05-20", Day()),
        (ParameterLocation.Query, "knownAt") => new Known("As the record knew it at the end of this day (YYYY-MM-DD), by the dates of the lists and decisions: what was learned later is left out. Everything known when left out.", "2019-06-01", Day()),
        (ParameterLocation.Query, "recordedAt") => new Known("As this service had recorded it at this instant (ISO 8601 with its offset) or by the end of this day: exactly what it answered then. Now when left out.", "2019-06-01T12:00:00Z", Text()),
        (ParameterLocation.Query, "from") => new Known(route == "/api/audit" ? "The first day (UTC) of the recorded time to read, YYYY-MM-DD." : "The first day of the period, YYYY-MM-DD.", "2019-01-01", Day()),
        (ParameterLocation.Query, "to") => new Known(route == "/api/audit" ? "The last day (UTC) of the recorded time to read, YYYY-MM-DD, included." : "The last day of the period, YYYY-MM-DD, included.", "2019-12-31", Day()),
        (ParameterLocation.Query, "state") => new Known("A US state, district or territory: its USPS code or its name, any case.", "FL", Text()),
        (ParameterLocation.Query, "model") => new Known("The support model: JEM (Jail Enforcement Model), WSO (Warrant Service Officer) or TFM (Task Force Model), or its published name.", "JEM", Text()),
        (ParameterLocation.Query, "status") when route.EndsWith("/deliveries", StringComparison.Ordinal) => new Known("Only the deliveries in this state.", "Retrying", Names<Webhooks.DeliveryStatus>(document)),
        (ParameterLocation.Query, "status") => new Known("Only the agreements in this status.", "Active", Names<AgreementStatus>(document)),
        (ParameterLocation.Query, "limit") => new Known($"At most this many items in the page ({Paging.DefaultLimit} when left out).", 20, Whole(1, Paging.MaxLimit)),
        (ParameterLocation.Query, "after") => new Known("The `next` of the previous page: this page starts after it. The first page when left out.", null, Text()),
        (ParameterLocation.Query, "name") => new Known("A part of the agency's name, from the start of a word, whatever its case, accents or form of apostrophe.", "sheriff's", Text()),
        (ParameterLocation.Query, "interval") => new Known("The step between two points: day, week, month, quarter or year (month when left out).", "month", Text()),
        (ParameterLocation.Query, "within") => new Known("How many days from today the MOA expires within (1 to 3650; 90 when left out).", 90, Whole(1, 3650)),
        (ParameterLocation.Query, "actor") => new Known("Only the events recorded by this actor (the `name` of the token that sent the command).", "Pat Officer", Text()),
        (ParameterLocation.Query, "agency") => new Known("Only the events of this agency's agreements and officers (its id).", "fl-marion-county-sheriffs-office", Text()),
        (ParameterLocation.Query, "type") => new Known("Only the events of this type, as the feed names them.", "AgreementSigned", Text()),
        (ParameterLocation.Query, "anchor") => new Known("An anchor you kept, as NUMBER:HASH: checked against the store's.", null, Text()),
        _ => null,
    };

    private static string PathId(string route) => route switch
    {
        _ when route.StartsWith("/api/officers/", StringComparison.Ordinal) => "The officer's id.",
        _ when route.StartsWith("/api/subscriptions/", StringComparison.Ordinal) => "The subscription's id.",
        _ when route.StartsWith("/api/publications/", StringComparison.Ordinal) => "The imported list's id.",
        _ => "The agreement's id.",
    };

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema Day() => new() { Type = JsonSchemaType.String, Format = "date" };

    private static OpenApiSchema Whole(int minimum, int maximum) =>
        new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture), Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>
    /// The names of <typeparamref name="TEnum"/>, as the document's own schema of them (the answers name it), so that a
    /// client has one type for them.
    /// </summary>
    private static OpenApiSchemaReference Names<TEnum>(OpenApiDocument? document)
        where TEnum : struct, Enum => new(typeof(TEnum).Name, document);
}
