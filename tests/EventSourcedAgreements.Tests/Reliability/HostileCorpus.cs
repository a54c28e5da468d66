using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedAgreements.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Reliability;

/// <summary>
/// One hostile request. <paramref name="Route"/> is the endpoint it aims at as the OpenAPI document names it
/// ("POST /api/agreements/{id}/sign"), none for a route that does not exist; <paramref name="Expected"/> the one status
/// it must get where only one is right, else any 4xx does.
/// </summary>
public sealed record HostileCase(
    string Category,
    string Name,
    string Method,
    string? Route,
    string Url,
    Func<HttpContent?> Content,
    string? Authorization,
    int? Expected = null,
    string? Accept = null)
{
    public override string ToString() => $"[{Category}] {Name}: {Method} {(Url.Length > 120 ? Url[..120] + "…" : Url)}";
}

/// <summary>The literal strings of the corpus, from HostileInputs.json.</summary>
public sealed record HostileStrings(
    IReadOnlyList<MalformedBody> MalformedBodies,
    IReadOnlyList<UnknownField> UnknownFields,
    IReadOnlyList<string> ControlCharacters,
    IReadOnlyList<string> InvisibleCharacters,
    IReadOnlyList<string> Injections,
    IReadOnlyList<string> ImpossibleDates,
    IReadOnlyList<string> OutOfRangeDates,
    IReadOnlyList<string> UnknownStates,
    IReadOnlyList<string> UnknownModels,
    IReadOnlyList<string> UnknownAgencyTypes,
    IReadOnlyList<string> UnknownInitiators,
    IReadOnlyList<string> UnknownCorrectionFields,
    IReadOnlyList<string> UnknownStatuses,
    IReadOnlyList<string> UnknownIntervals,
    IReadOnlyList<string> BadGuids,
    IReadOnlyList<string> BadAnchorNumbers,
    IReadOnlyList<string> BadLimits,
    IReadOnlyList<string> BadAnchors)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static HostileStrings Load() =>
        JsonSerializer.Deserialize<HostileStrings>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reliability", "HostileInputs.json")), Options)!;
}

public sealed record MalformedBody(string Name, string Body);

public sealed record UnknownField(string Name, string Json);

/// <summary>Builds the hostile input corpus against the agreements of <see cref="Targets"/>.</summary>
public sealed class HostileCorpus(Targets targets, AuthSettings auth, HostileStrings strings)
{
    public const string MalformedJson = "malformed json";
    public const string WrongTypes = "wrong types";
    public const string MissingAndNull = "missing and null fields";
    public const string UnknownFields = "unknown fields";
    public const string DuplicateKeys = "duplicate keys";
    public const string LongStrings = "very long strings";
    public const string ControlCharacters = "control characters";
    public const string InvisibleCharacters = "bidi overrides and zero-width characters";
    public const string Injections = "sql and script injection";
    public const string ImpossibleDates = "impossible dates";
    public const string UnknownCodes = "unknown states, models and codes";
    public const string UnknownIds = "unknown ids";
    public const string UnknownRoutes = "unknown routes and wrong methods";
    public const string WrongContentTypes = "wrong content types";
    public const string BadTokens = "bad tokens";
    public const string BadQueries = "bad query values";
    public const string Oversized = "oversized bodies";

    public const int OneMegabyte = 1_000_000;
    public const int JsonLimit = 1024 * 1024;
    public const int UploadLimit = 64 * 1024 * 1024;

    public static readonly IReadOnlyList<string> Categories =
    [
        MalformedJson, WrongTypes, MissingAndNull, UnknownFields, DuplicateKeys, LongStrings, ControlCharacters,
        InvisibleCharacters, Injections, ImpossibleDates, UnknownCodes, UnknownIds, UnknownRoutes, WrongContentTypes,
        BadTokens, BadQueries, Oversized,
    ];

    private static readonly string[] Methods = ["PUT", "DELETE", "PATCH"];

    private static readonly string LongText = string.Concat(Enumerable.Repeat("Hernando County ", OneMegabyte / 16));

    private readonly string officer = "Bearer " + Token(auth, ProgramOfficer);
    private readonly string auditor = "Bearer " + Token(auth, Auditor);

    /// <summary>The read endpoints that take parameters worth spoiling, each with valid ones, for the token in <c>Token</c>.</summary>
    private IEnumerable<(string Route, string Path, string Query, string? Token)> ProtectedReads =>
    [
        ("GET /api/agreements/{id}/history", $"/api/agreements/{targets.Active}/history", "knownAt=2030-01-01", officer),
        ("GET /api/agreements/{id}/verify", $"/api/agreements/{targets.Active}/verify", string.Empty, officer),
        ("GET /api/agencies/{agencyId}/history", $"/api/agencies/{Targets.Agency}/history", "knownAt=2030-01-01", officer),
        ("GET /api/officers/{id}/history", $"/api/officers/{targets.IdOf(TargetState.OfficerAuthorized)}/history", "knownAt=2030-01-01", officer),
        ("GET /api/audit", "/api/audit", "from=2019-01-01&to=2999-12-31", auditor),
        ("GET /api/audit/verify", "/api/audit/verify", string.Empty, officer),
    ];

    public IReadOnlyList<HostileCase> Build() => [.. Categories.SelectMany(Build)];

    /// <summary>The requests of one category, always in the same order.</summary>
    public IReadOnlyList<HostileCase> Build(string category) =>
    [
        .. category switch
        {
            MalformedJson => Malformed(),
            WrongTypes => Types(),
            MissingAndNull => Missing(),
            UnknownFields => Unknown(),
            DuplicateKeys => Duplicates(),
            LongStrings => Long(),
            ControlCharacters => Characters(category, strings.ControlCharacters),
            InvisibleCharacters => Characters(category, strings.InvisibleCharacters),
            Injections => Injected(),
            ImpossibleDates => Dates(),
            UnknownCodes => Codes(),
            UnknownIds => Ids(),
            UnknownRoutes => Routes(),
            WrongContentTypes => ContentTypes(),
            BadTokens => Tokens(),
            BadQueries => Queries(),
            Oversized => Oversize(),
            _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Not a category of the corpus."),
        },
        .. Subscriptions(category),
    ];

    /// <summary>The webhook subscriptions' cases, by category (their bodies hold a list, which the command fields above do not model).</summary>
    private IEnumerable<HostileCase> Subscriptions(string category)
    {
        const string Route = "POST /api/subscriptions";
        const string Url = "\"https://hooks.example.org/agreements\"";
        const string Secret = "\"HernandoReceiverSecret0123456789\"";
        HostileCase Subscribe(string name, string body, int? expected = 400) => Post(category, $"subscribe: {name}", Route, "/api/subscriptions", body, expected);
        var unknown = Guid.NewGuid();
        switch (category)
        {
            case MalformedJson:
                yield return Subscribe("an unclosed object", $"{{\"url\":{Url},\"events\":[\"*\"");
                yield return Subscribe("events as an unclosed list", $"{{\"url\":{Url},\"events\":[\"*\",,],\"secret\":{Secret}}}");
                break;
            case WrongTypes:
                yield return Subscribe("events as a string", $"{{\"url\":{Url},\"events\":\"*\",\"secret\":{Secret}}}");
                yield return Subscribe("events holding a number", $"{{\"url\":{Url},\"events\":[1],\"secret\":{Secret}}}");
                yield return Subscribe("events holding null", $"{{\"url\":{Url},\"events\":[null],\"secret\":{Secret}}}");
                yield return Subscribe("url as a number", $"{{\"url\":5,\"events\":[\"*\"],\"secret\":{Secret}}}");
                yield return Subscribe("secret as an object", $"{{\"url\":{Url},\"events\":[\"*\"],\"secret\":{{}}}}");
                break;
            case MissingAndNull:
                yield return Subscribe("an empty object", "{}");
                yield return Subscribe("no events", $"{{\"url\":{Url},\"events\":[],\"secret\":{Secret}}}");
                yield return Subscribe("no secret", $"{{\"url\":{Url},\"events\":[\"*\"]}}");
                yield return Subscribe("url null", $"{{\"url\":null,\"events\":[\"*\"],\"secret\":{Secret}}}");
                yield return Subscribe("a short secret", $"{{\"url\":{Url},\"events\":[\"*\"],\"secret\":\"short\"}}");
                break;
            case UnknownFields:
                yield return Subscribe("callback", $"{{\"url\":{Url},\"events\":[\"*\"],\"secret\":{Secret},\"callback\":\"x\"}}");
                break;
            case DuplicateKeys:
                yield return Subscribe("url twice", $"{{\"url\":{Url},\"url\":\"https://other.example.org/\",\"events\":[\"*\"],\"secret\":{Secret}}}");
                yield return Subscribe("an event type twice", $"{{\"url\":{Url},\"events\":[\"AgreementSigned\",\"AgreementSigned\"],\"secret\":{Secret}}}");
                break;
            case LongStrings:
                yield return Subscribe("a url of 1 MB", $"{{\"url\":\"https://hooks.example.org/{LongText.Replace(' ', '-')}\",\"events\":[\"*\"],\"secret\":{Secret}}}", expected: null);
                yield return Subscribe("a secret of 1 MB", $"{{\"url\":{Url},\"events\":[\"*\"],\"secret\":\"{LongText.Replace(" ", string.Empty, StringComparison.Ordinal)}\"}}", expected: null);
                yield return Subscribe("a thousand event types", $"{{\"url\":{Url},\"events\":[{string.Join(',', Enumerable.Range(0, 1000).Select(i => $"\"E{i}\""))}],\"secret\":{Secret}}}");
                break;
            case ControlCharacters:
                yield return Subscribe("a line break in the url", $"{{\"url\":\"https://hooks.example.org/a\\nb\",\"events\":[\"*\"],\"secret\":{Secret}}}");
                yield return Subscribe("a NUL in the secret", $"{{\"url\":{Url},\"events\":[\"*\"],\"secret\":\"HernandoReceiver\\u0000Secret01\"}}");
                break;
            case Injections:
                yield return Subscribe("sql as an event type", $"{{\"url\":{Url},\"events\":[\"' or 1=1 --\"],\"secret\":{Secret}}}");
                yield return Subscribe("a javascript: url", $"{{\"url\":\"javascript:alert(1)\",\"events\":[\"*\"],\"secret\":{Secret}}}");
                yield return Subscribe("a file: url", $"{{\"url\":\"file:///etc/passwd\",\"events\":[\"*\"],\"secret\":{Secret}}}");
                break;
            case UnknownCodes:
                yield return Subscribe("an unknown event type", $"{{\"url\":{Url},\"events\":[\"AgreementExploded\"],\"secret\":{Secret}}}");
                yield return Subscribe("an event type in lower case", $"{{\"url\":{Url},\"events\":[\"agreementsigned\"],\"secret\":{Secret}}}");
                yield return Subscribe("an agency id that is not one", $"{{\"url\":{Url},\"events\":[\"*\"],\"secret\":{Secret},\"agencyId\":\"Hernando County\"}}");
                break;
            case UnknownIds:
                yield return Get(category, "an unknown subscription", "GET /api/subscriptions/{id}", $"/api/subscriptions/{unknown}", officer, 404);
                yield return Get(category, "an unknown subscription's deliveries", "GET /api/subscriptions/{id}/deliveries", $"/api/subscriptions/{unknown}/deliveries", officer, 404);
                yield return new HostileCase(category, "deleting an unknown subscription", "DELETE", "DELETE /api/subscriptions/{id}", $"/api/subscriptions/{unknown}", () => null, officer, 404);
                yield return Get(category, "a subscription id that is not one", "GET /api/subscriptions/{id}", "/api/subscriptions/not-a-guid", officer, 404);
                break;
            case UnknownRoutes:
                yield return new HostileCase(category, "PUT on the subscriptions", "PUT", "GET /api/subscriptions", "/api/subscriptions", () => Http.Json("{}"), officer, 405);
                yield return new HostileCase(category, "PATCH on a subscription", "PATCH", "GET /api/subscriptions/{id}", $"/api/subscriptions/{unknown}", () => Http.Json("{}"), officer, 405);
                break;
            case BadTokens:
                yield return Get(category, "subscriptions with a garbage token", "GET /api/subscriptions", "/api/subscriptions", "Bearer garbage", 401);
                break;
        }
    }

    private IEnumerable<HostileCase> Malformed()
    {
        foreach (var command in Commands.All)
        {
            foreach (var malformed in strings.MalformedBodies)
            {
                yield return Post(MalformedJson, malformed.Name, command, malformed.Body);
            }

            yield return Post(MalformedJson, "arrays nested 10,000 levels deep", command, new string('[', 10_000) + new string(']', 10_000));
            yield return Post(MalformedJson, "arrays nested 10,000 levels deep in a field", command, Prefix(command, "expectedVersion", new string('[', 10_000) + new string(']', 10_000)));
            yield return Post(MalformedJson, "objects nested 10,000 levels deep in an unknown field", command, Prefix(command, "nested", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)));
            yield return Post(MalformedJson, "invalid UTF-8", command, () => Http.Bytes([.. "{\"reason\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8], "application/json"));
            yield return Post(MalformedJson, "UTF-16 without a charset", command, () => Http.Bytes(Encoding.Unicode.GetBytes(command.ValidBody(targets).ToJsonString()), "application/json"));
        }
    }

    private IEnumerable<HostileCase> Types()
    {
        foreach (var command in Commands.All)
        {
            foreach (var field in command.Fields)
            {
                string[] wrong = field.Kind switch
                {
                    FieldKind.Date => ["20190122", "true", "[2019,1,22]", "{\"year\":2019}"],
                    FieldKind.Version => ["\"1\"", "true", "[1]", "{}", "1.0"],
                    FieldKind.Flag => ["\"true\"", "1", "[true]", "{}", "\"yes\""],
                    _ => ["42", "true", "[]", "{}", "[\"FL\"]"],
                };
                foreach (var value in wrong)
                {
                    yield return Post(WrongTypes, $"{field.Name} = {value}", command, With(command, field.Name, value));
                }
            }
        }
    }

    private IEnumerable<HostileCase> Missing()
    {
        foreach (var command in Commands.All.Where(c => c.Fields.Any(f => f.Required)))
        {
            yield return Post(MissingAndNull, "an empty object", command, "{}");
            foreach (var field in command.Fields.Where(f => f.Required))
            {
                var body = command.ValidBody(targets);
                body.Remove(field.Name);
                yield return Post(MissingAndNull, $"{field.Name} missing", command, body.ToJsonString());
                yield return Post(MissingAndNull, $"{field.Name} null", command, With(command, field.Name, "null"));
                if (field.Kind != FieldKind.Date)
                {
                    yield return Post(MissingAndNull, $"{field.Name} empty", command, With(command, field.Name, "\"\""));
                    yield return Post(MissingAndNull, $"{field.Name} blank", command, With(command, field.Name, "\"   \""));
                }
            }
        }

        var request = Commands.All[0];
        yield return Post(MissingAndNull, "agencyName without a letter or digit", request, With(request, "agencyName", "\"- . -\""));
    }

    private IEnumerable<HostileCase> Unknown()
    {
        foreach (var command in Commands.All)
        {
            foreach (var unknown in strings.UnknownFields)
            {
                yield return Post(UnknownFields, $"{unknown.Name} = {unknown.Json}", command, With(command, unknown.Name, unknown.Json));
            }
        }
    }

    private IEnumerable<HostileCase> Duplicates()
    {
        foreach (var command in Commands.All)
        {
            var field = command.Fields[0];
            var valid = command.ValidBody(targets);
            var same = valid[field.Name]!.ToJsonString();
            var other = field.Kind == FieldKind.Version ? same : JsonValue.Create(field.Other).ToJsonString();
            var capitalized = char.ToUpperInvariant(field.Name[0]) + field.Name[1..];
            yield return Post(DuplicateKeys, $"{field.Name} twice, the same value", command, Prefix(command, field.Name, same));
            yield return Post(DuplicateKeys, $"{field.Name} twice, another valid value", command, Prefix(command, field.Name, other));
            yield return Post(DuplicateKeys, $"{field.Name} and {capitalized}", command, Prefix(command, capitalized, other));
        }
    }

    private IEnumerable<HostileCase> Long()
    {
        // Every text field once (the first command that has it), a field name of 1 MB on three commands.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in Commands.All)
        {
            foreach (var field in command.TextFields.Where(f => seen.Add(f.Name)))
            {
                var value = field.Kind == FieldKind.Url ? "https://www.ice.gov/" + LongText.Replace(' ', '-') : LongText;
                yield return Post(LongStrings, $"{field.Name} of 1 MB", command, () => Http.Json(With(command, field.Name, $"\"{value}\"")));
            }
        }

        foreach (var command in Commands.All.Take(3))
        {
            yield return Post(LongStrings, "a field name of 1 MB", command, () => Http.Json(With(command, LongText.Replace(' ', '_'), "1")));
        }

        var longQuery = Uri.EscapeDataString(LongText);
        yield return Get(LongStrings, "state of 1 MB", "GET /api/agreements", $"/api/agreements?state={longQuery}");
        yield return Get(LongStrings, "actor of 1 MB", "GET /api/audit", $"/api/audit?from=2019-01-01&to=2019-12-31&actor={longQuery}", auditor);
        yield return Get(LongStrings, "agency of 1 MB", "GET /api/audit", $"/api/audit?from=2019-01-01&to=2019-12-31&agency={longQuery}", auditor);
        yield return Get(LongStrings, "type of 1 MB", "GET /api/audit", $"/api/audit?from=2019-01-01&to=2019-12-31&type={longQuery}", auditor);
        yield return Get(LongStrings, "agency name of 1 MB", "GET /api/agencies", $"/api/agencies?name={longQuery}");
        yield return Get(LongStrings, "an agency id of 100 KB", "GET /api/agencies/{agencyId}", $"/api/agencies/{Uri.EscapeDataString(LongText[..100_000])}", expected: 404);
    }

    /// <summary>Each character inside the names, counties, summaries and reasons of the commands.</summary>
    private IEnumerable<HostileCase> Characters(string category, IEnumerable<string> characters)
    {
        foreach (var character in characters)
        {
            var shown = string.Concat(character.Select(c => $"U+{(int)c:X4}"));
            foreach (var command in Commands.All)
            {
                foreach (var field in command.Fields.Where(f => f.Kind == FieldKind.Text))
                {
                    var value = field.Valid.Length > 3 ? field.Valid[..3] + character + field.Valid[3..] : field.Valid + character;
                    yield return Post(category, $"{shown} in {field.Name}", command, With(command, field.Name, JsonValue.Create(value).ToJsonString()));
                }
            }
        }
    }

    /// <summary>Injection strings where the service takes a code, a date, a URL, an id or a query value: each must be refused.</summary>
    private IEnumerable<HostileCase> Injected()
    {
        var request = Commands.All.Single(c => c.Name == "request");
        var sign = Commands.All.Single(c => c.Name == "sign");
        var terminate = Commands.All.Single(c => c.Name == "terminate");
        var corrections = Commands.All.Single(c => c.Route == "/api/agreements/{id}/corrections");
        var investigation = Commands.All.Single(c => c.Name == "background-investigation");
        var training = Commands.All.Single(c => c.Name == "training");
        foreach (var injection in strings.Injections)
        {
            var json = JsonValue.Create(injection).ToJsonString();
            var query = Uri.EscapeDataString(injection);
            var segment = Uri.EscapeDataString(injection);
            yield return Post(Injections, $"{injection} as the state", request, With(request, "state", json));
            yield return Post(Injections, $"{injection} as the model", request, With(request, "model", json));
            yield return Post(Injections, $"{injection} as the agency type", request, With(request, "agencyType", json));
            yield return Post(Injections, $"{injection} as the requested date", request, With(request, "requestedOn", json));
            yield return Post(Injections, $"{injection} as the MOA URL", sign, With(sign, "moaUrl", json));
            yield return Post(Injections, $"{injection} as the signing date", sign, With(sign, "signedOn", json));
            yield return Post(Injections, $"{injection} as the initiator", terminate, With(terminate, "initiatedBy", json));
            yield return Post(Injections, $"{injection} as the corrected field", corrections, With(corrections, "field", json));
            yield return Post(Injections, $"{injection} as the agreement id", "POST /api/agreements/{id}/sign", $"/api/agreements/{segment}/sign", sign.ValidBody(targets).ToJsonString(), expected: 404);
            yield return Get(Injections, $"{injection} as the agreement id", "GET /api/agreements/{id}", $"/api/agreements/{segment}", expected: 404);
            yield return Get(Injections, $"{injection} as the agency id", "GET /api/agencies/{agencyId}", $"/api/agencies/{segment}", expected: 404);
            yield return Get(Injections, $"{injection} as the agency state filter", "GET /api/agencies", $"/api/agencies?state={query}");
            yield return Get(Injections, $"{injection} as the state filter", "GET /api/agreements", $"/api/agreements?state={query}");
            yield return Get(Injections, $"{injection} as the status filter", "GET /api/agreements", $"/api/agreements?status={query}");
            yield return Get(Injections, $"{injection} as asOf", "GET /api/participants", $"/api/participants?asOf={query}");
            yield return Get(Injections, $"{injection} as knownAt", "GET /api/participants/summary", $"/api/participants/summary?knownAt={query}");
            yield return Get(Injections, $"{injection} as from", "GET /api/participants/changes", $"/api/participants/changes?from={query}&to=2019-12-31");
            yield return Get(Injections, $"{injection} as the interval", "GET /api/participants/timeline", $"/api/participants/timeline?from=2019-01-01&to=2019-12-31&interval={query}");
            yield return Get(Injections, $"{injection} as from", "GET /api/officers/changes", $"/api/officers/changes?from={query}&to=2019-12-31");
            yield return Get(Injections, $"{injection} as the state", "GET /api/officers/timeline", $"/api/officers/timeline?from=2019-01-01&to=2019-12-31&state={query}");
            yield return Get(Injections, $"{injection} as the feed's limit", "GET /api/audit", $"/api/audit?from=2019-01-01&to=2019-12-31&limit={query}", auditor);
            yield return Get(Injections, $"{injection} as the feed's after", "GET /api/audit", $"/api/audit?from=2019-01-01&to=2019-12-31&after={query}", auditor);
            yield return Get(Injections, $"{injection} as the anchors' limit", "GET /api/audit/anchors", $"/api/audit/anchors?limit={query}");
            yield return Get(Injections, $"{injection} as the anchor to check", "GET /api/audit/verify", $"/api/audit/verify?anchor={query}", officer);
            yield return Get(Injections, $"{injection} as the anchor number", "GET /api/audit/anchors/{number}", $"/api/audit/anchors/{segment}", expected: 404);
            yield return Get(Injections, $"{injection} as the publication id", "GET /api/publications/{id}", $"/api/publications/{segment}", expected: 404);
            yield return Upload(Injections, $"{injection} as publishedOn", () => Roster(injection));
        }
    }

    private IEnumerable<HostileCase> Dates()
    {
        foreach (var date in strings.ImpossibleDates.Concat(strings.OutOfRangeDates))
        {
            var json = JsonValue.Create(date).ToJsonString();
            foreach (var command in Commands.All)
            {
                foreach (var field in command.Fields.Where(f => f.Kind == FieldKind.Date))
                {
                    yield return Post(ImpossibleDates, $"{field.Name} = '{date}'", command, With(command, field.Name, json));
                }
            }

            var query = Uri.EscapeDataString(date);
            yield return Get(ImpossibleDates, $"from = '{date}'", "GET /api/participants/changes", $"/api/participants/changes?from={query}&to=2019-12-31");
            yield return Get(ImpossibleDates, $"to = '{date}'", "GET /api/participants/changes", $"/api/participants/changes?from=1990-01-01&to={query}");
            yield return Get(ImpossibleDates, $"from = '{date}'", "GET /api/participants/timeline", $"/api/participants/timeline?from={query}&to=2019-12-31");
            yield return Get(ImpossibleDates, $"to = '{date}'", "GET /api/participants/timeline", $"/api/participants/timeline?from=1990-01-01&to={query}");
            yield return Get(ImpossibleDates, $"from = '{date}'", "GET /api/officers/changes", $"/api/officers/changes?from={query}&to=2019-12-31");
            yield return Get(ImpossibleDates, $"to = '{date}'", "GET /api/officers/changes", $"/api/officers/changes?from=1990-01-01&to={query}");
            yield return Get(ImpossibleDates, $"from = '{date}'", "GET /api/officers/timeline", $"/api/officers/timeline?from={query}&to=2019-12-31");
            yield return Get(ImpossibleDates, $"to = '{date}'", "GET /api/officers/timeline", $"/api/officers/timeline?from=1990-01-01&to={query}");
            yield return Get(ImpossibleDates, $"from = '{date}'", "GET /api/audit", $"/api/audit?from={query}&to=2019-12-31", auditor);
            yield return Get(ImpossibleDates, $"to = '{date}'", "GET /api/audit", $"/api/audit?from=1990-01-01&to={query}", auditor);
            yield return Upload(ImpossibleDates, $"publishedOn = '{date}'", () => Roster(date));
            if (date.Length == 0)
            {
                continue;
            }

            yield return Get(ImpossibleDates, $"asOf = '{date}'", "GET /api/officers/summary", $"/api/officers/summary?asOf={query}");
            yield return Get(ImpossibleDates, $"knownAt = '{date}'", "GET /api/officers/summary", $"/api/officers/summary?knownAt={query}");
            yield return Get(ImpossibleDates, $"asOf = '{date}'", "GET /api/participants", $"/api/participants?asOf={query}");
            yield return Get(ImpossibleDates, $"knownAt = '{date}'", "GET /api/participants", $"/api/participants?knownAt={query}");
            yield return Get(ImpossibleDates, $"asOf = '{date}'", "GET /api/participants/summary", $"/api/participants/summary?asOf={query}");
            yield return Get(ImpossibleDates, $"knownAt = '{date}'", "GET /api/participants/changes", $"/api/participants/changes?from=1990-01-01&to=2019-12-31&knownAt={query}");
            yield return Get(ImpossibleDates, $"knownAt = '{date}'", "GET /api/participants/timeline", $"/api/participants/timeline?from=2019-01-01&to=2019-12-31&knownAt={query}");
            yield return Get(ImpossibleDates, $"knownAt = '{date}'", "GET /api/agreements/{id}/history", $"/api/agreements/{targets.Active}/history?knownAt={query}", officer);
            yield return Get(ImpossibleDates, $"knownAt = '{date}'", "GET /api/agreements/{id}/lifecycle", $"/api/agreements/{targets.Active}/lifecycle?knownAt={query}");
            yield return Get(ImpossibleDates, $"knownAt = '{date}'", "GET /api/agreements/{id}/officer-activity", $"/api/agreements/{targets.Active}/officer-activity?knownAt={query}");
            yield return Get(ImpossibleDates, $"knownAt = '{date}'", "GET /api/agencies/{agencyId}/history", $"/api/agencies/{Targets.Agency}/history?knownAt={query}", officer);
        }
    }

    private IEnumerable<HostileCase> Codes()
    {
        var request = Commands.All.Single(c => c.Name == "request");
        var terminate = Commands.All.Single(c => c.Name == "terminate");
        var corrections = Commands.All.Single(c => c.Route == "/api/agreements/{id}/corrections");
        var officerCorrections = Commands.All.Single(c => c.Route == "/api/officers/{id}/corrections");
        var investigation = Commands.All.Single(c => c.Name == "background-investigation");
        var training = Commands.All.Single(c => c.Name == "training");
        IEnumerable<(Command Command, string Field, IReadOnlyList<string> Values)> fields =
        [
            (request, "state", strings.UnknownStates),
            (request, "model", strings.UnknownModels),
            (request, "agencyType", strings.UnknownAgencyTypes),
            (terminate, "initiatedBy", strings.UnknownInitiators),
            (corrections, "field", strings.UnknownCorrectionFields),
            (officerCorrections, "field", ["signedOn", "endedOn", "CertifiedOn", "certified_on"]),
            (investigation, "result", ["Pending", "passed!", "1", "Inconclusive"]),
            (training, "course", ["JEM basic", "Academy", "2", "ICE"]),
        ];
        foreach (var (command, field, values) in fields)
        {
            foreach (var value in values)
            {
                yield return Post(UnknownCodes, $"{field} = '{value}'", command, With(command, field, JsonValue.Create(value).ToJsonString()));
            }
        }

        IEnumerable<(string Route, string Path, string Parameter, IReadOnlyList<string> Values)> queries =
        [
            ("GET /api/agreements", "/api/agreements?", "state", strings.UnknownStates),
            ("GET /api/agreements", "/api/agreements?", "model", strings.UnknownModels),
            ("GET /api/agreements", "/api/agreements?", "status", strings.UnknownStatuses),
            ("GET /api/agencies", "/api/agencies?", "state", strings.UnknownStates),
            ("GET /api/participants", "/api/participants?", "state", strings.UnknownStates),
            ("GET /api/participants", "/api/participants?", "model", strings.UnknownModels),
            ("GET /api/officers/summary", "/api/officers/summary?", "state", strings.UnknownStates),
            ("GET /api/officers/summary", "/api/officers/summary?", "model", strings.UnknownModels),
            ("GET /api/participants/timeline", "/api/participants/timeline?from=2019-01-01&to=2019-12-31&", "model", strings.UnknownModels),
            ("GET /api/participants/timeline", "/api/participants/timeline?from=2019-01-01&to=2019-12-31&", "interval", strings.UnknownIntervals),
            ("GET /api/officers/changes", "/api/officers/changes?from=2019-01-01&to=2019-12-31&", "state", strings.UnknownStates),
            ("GET /api/officers/changes", "/api/officers/changes?from=2019-01-01&to=2019-12-31&", "model", strings.UnknownModels),
            ("GET /api/officers/timeline", "/api/officers/timeline?from=2019-01-01&to=2019-12-31&", "state", strings.UnknownStates),
            ("GET /api/officers/timeline", "/api/officers/timeline?from=2019-01-01&to=2019-12-31&", "model", strings.UnknownModels),
            ("GET /api/officers/timeline", "/api/officers/timeline?from=2019-01-01&to=2019-12-31&", "interval", strings.UnknownIntervals),
        ];
        foreach (var (route, path, parameter, values) in queries)
        {
            foreach (var value in values)
            {
                yield return Get(UnknownCodes, $"{parameter} = '{value}'", route, $"{path}{parameter}={Uri.EscapeDataString(value)}");
            }
        }
    }

    private IEnumerable<HostileCase> Ids()
    {
        var unknown = Guid.CreateVersion7().ToString();
        IEnumerable<string> ids = [.. strings.BadGuids, unknown];
        foreach (var id in ids)
        {
            var segment = Uri.EscapeDataString(id);
            foreach (var command in Commands.All.Where(c => c.Needs != TargetState.Nothing))
            {
                yield return Post(UnknownIds, $"agreement '{id}'", $"POST {command.Route}", command.Route.Replace("{id}", segment, StringComparison.Ordinal), command.ValidBody(targets).ToJsonString(), expected: 404);
            }

            yield return Get(UnknownIds, $"agreement '{id}'", "GET /api/agreements/{id}", $"/api/agreements/{segment}", expected: 404);
            yield return Get(UnknownIds, $"agreement '{id}'", "GET /api/agreements/{id}/history", $"/api/agreements/{segment}/history", officer, 404);
            yield return Get(UnknownIds, $"agreement '{id}'", "GET /api/agreements/{id}/lifecycle", $"/api/agreements/{segment}/lifecycle", expected: 404);
            yield return Get(UnknownIds, $"agreement '{id}'", "GET /api/agreements/{id}/officer-activity", $"/api/agreements/{segment}/officer-activity", expected: 404);
            yield return Get(UnknownIds, $"agreement '{id}'", "GET /api/agreements/{id}/verify", $"/api/agreements/{segment}/verify", officer, 404);
            yield return Get(UnknownIds, $"publication '{id}'", "GET /api/publications/{id}", $"/api/publications/{segment}", expected: 404);
            yield return Get(UnknownIds, $"officer '{id}'", "GET /api/officers/{id}", $"/api/officers/{segment}", officer, 404);
            yield return Get(UnknownIds, $"officer '{id}'", "GET /api/officers/{id}/history", $"/api/officers/{segment}/history", officer, 404);
            yield return Get(UnknownIds, $"agreement '{id}'", "GET /api/agreements/{id}/officers", $"/api/agreements/{segment}/officers", officer, 404);
        }

        yield return new HostileCase(UnknownIds, "an unknown agreement, CSV accepted", "GET", "GET /api/agreements/{id}", $"/api/agreements/{unknown}", () => null, null, 404, "text/csv");
        yield return new HostileCase(UnknownIds, "an unknown agreement's history, CSV accepted", "GET", "GET /api/agreements/{id}/history", $"/api/agreements/{unknown}/history", () => null, officer, 404, "text/csv");

        foreach (var number in strings.BadAnchorNumbers)
        {
            yield return Get(UnknownIds, $"anchor '{number}'", "GET /api/audit/anchors/{number}", $"/api/audit/anchors/{Uri.EscapeDataString(number)}", expected: 404);
        }

        foreach (var agency in new[] { "tx-nobody-sheriffs-office", "-", "fl-hernando-county-sheriffs-office-", "%00" })
        {
            yield return Get(UnknownIds, $"agency '{agency}'", "GET /api/agencies/{agencyId}", $"/api/agencies/{Uri.EscapeDataString(agency)}", expected: 404);
            yield return Get(UnknownIds, $"agency '{agency}'", "GET /api/agencies/{agencyId}/history", $"/api/agencies/{Uri.EscapeDataString(agency)}/history", officer, 404);
        }
    }

    private IEnumerable<HostileCase> Routes()
    {
        foreach (var path in new[] { "/api/nope", "/api", "/api/v2/agreements", $"/api/agreements/{targets.Active}/nope", "/api/agency", "/api/audit/anchors/1/verify" })
        {
            yield return new HostileCase(UnknownRoutes, $"GET {path}", "GET", null, path, () => null, officer, 404);
        }

        yield return new HostileCase(UnknownRoutes, "an unknown route, CSV accepted", "GET", null, "/api/participants/nope", () => null, null, 404, "text/csv");
        yield return new HostileCase(UnknownRoutes, "a wrong method, HTML accepted", "PUT", "GET /api/participants", "/api/participants", () => null, null, 405, "text/html");

        foreach (var path in new[] { $"/api/agreements/{targets.Active}/explode", $"/api/agreements/{targets.Active}/sign/again", "/api", "/api/agency" })
        {
            yield return new HostileCase(UnknownRoutes, $"POST {path}", "POST", null, path, () => Http.Json("{}"), officer, 404);
        }

        yield return new HostileCase(UnknownRoutes, "POST on the agency directory", "POST", "GET /api/agencies", "/api/agencies", () => Http.Json("{}"), officer, 405);

        foreach (var command in Commands.All)
        {
            foreach (var method in Methods)
            {
                yield return new HostileCase(UnknownRoutes, $"{method} on a command", method, $"POST {command.Route}", command.PathFor(targets), () => Http.Json(command.ValidBody(targets).ToJsonString()), officer, 405);
            }
        }

        foreach (var method in Methods)
        {
            yield return new HostileCase(UnknownRoutes, $"{method} on the anchors", method, "POST /api/audit/anchors", "/api/audit/anchors", () => Http.Json("{}"), officer, 405);
            yield return new HostileCase(UnknownRoutes, $"{method} on the publications", method, method == "DELETE" ? "GET /api/publications" : "POST /api/publications", "/api/publications", () => Roster(), officer, 405);
            yield return new HostileCase(UnknownRoutes, $"{method} on an agreement", method, "GET /api/agreements/{id}", $"/api/agreements/{targets.Active}", () => Http.Json("{}"), officer, 405);
        }

        foreach (var path in new[] { "/health/live", "/health/ready", "/health" })
        {
            foreach (var method in Methods.Append("POST"))
            {
                yield return new HostileCase(UnknownRoutes, $"{method} on a health check", method, $"GET {path}", path, () => Http.Json("{}"), officer, 405);
            }
        }

        yield return new HostileCase(UnknownRoutes, "GET on a command", "GET", "POST /api/agreements/{id}/sign", $"/api/agreements/{targets.Requested}/sign", () => null, officer, 405);
        yield return new HostileCase(UnknownRoutes, "HEAD on a command", "HEAD", "POST /api/agreements/{id}/sign", $"/api/agreements/{targets.Requested}/sign", () => null, officer, 405);
        yield return new HostileCase(UnknownRoutes, "POST on an agreement", "POST", "GET /api/agreements/{id}", $"/api/agreements/{targets.Active}", () => Http.Json("{}"), officer, 405);
        yield return new HostileCase(UnknownRoutes, "POST on the participants", "POST", "GET /api/participants", "/api/participants", () => Http.Json("{}"), officer, 405);
        yield return new HostileCase(UnknownRoutes, "DELETE on the feed", "DELETE", "GET /api/audit", "/api/audit", () => null, auditor, 405);
        yield return new HostileCase(UnknownRoutes, "OPTIONS on the agreements", "OPTIONS", "POST /api/agreements", "/api/agreements", () => null, officer, 405);
        yield return new HostileCase(UnknownRoutes, "TRACE on the agreements", "TRACE", "POST /api/agreements", "/api/agreements", () => null, officer, 405);
    }

    private IEnumerable<HostileCase> ContentTypes()
    {
        foreach (var command in Commands.All)
        {
            var json = command.ValidBody(targets).ToJsonString();
            var form = string.Join('&', command.ValidBody(targets).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value?.ToString() ?? string.Empty)}"));
            yield return Post(WrongContentTypes, "JSON sent as text/plain", command, () => Http.Bytes(Encoding.UTF8.GetBytes(json), "text/plain"));
            yield return Post(WrongContentTypes, "JSON sent as application/xml", command, () => Http.Bytes(Encoding.UTF8.GetBytes(json), "application/xml"));
            yield return Post(WrongContentTypes, "a urlencoded form", command, () => Http.Bytes(Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded"));
            yield return Post(WrongContentTypes, "a multipart form", command, () => Multipart(command.ValidBody(targets)));
            yield return Post(WrongContentTypes, "XML", command, () => Http.Bytes("<command><reason>x</reason></command>"u8.ToArray(), "application/xml"));
            yield return Post(WrongContentTypes, "gzipped JSON", command, () => Gzipped(json));
        }

        yield return Upload(WrongContentTypes, "JSON for the multipart import", () => Http.Json("{\"file\":\"ice-287g-roster-2021-01-13.csv\",\"publishedOn\":\"2021-01-13\"}"));
        yield return Upload(WrongContentTypes, "a CSV sent as text/csv", () => Http.Bytes("state,agency,support,signed,moa_file\n"u8.ToArray(), "text/csv"));
        yield return Upload(WrongContentTypes, "a urlencoded form without a file", () => Http.Bytes("publishedOn=2021-01-13"u8.ToArray(), "application/x-www-form-urlencoded"));
        yield return Upload(WrongContentTypes, "multipart without a boundary", () => Http.Bytes("--x\r\nContent-Disposition: form-data; name=\"publishedOn\"\r\n\r\n2021-01-13\r\n--x--\r\n"u8.ToArray(), "multipart/form-data"));
        yield return Upload(WrongContentTypes, "multipart cut short", () => Http.Bytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nstate,agen"u8.ToArray(), "multipart/form-data; boundary=x"));
        yield return Upload(WrongContentTypes, "multipart without the file", () => new MultipartFormDataContent { { new StringContent("2021-01-13"), "publishedOn" } });
        yield return Upload(WrongContentTypes, "multipart without publishedOn", () => new MultipartFormDataContent { { new ByteArrayContent("state,agency,support,signed,moa_file\n"u8.ToArray()), "file", "a.csv" } });
        yield return Upload(WrongContentTypes, "the file as a text field", () => new MultipartFormDataContent { { new StringContent("state,agency,support,signed,moa_file\n"), "file" }, { new StringContent("2021-01-13"), "publishedOn" } });
        yield return Upload(WrongContentTypes, "an empty file", () => new MultipartFormDataContent { { new ByteArrayContent([]), "file", "a.csv" }, { new StringContent("2021-01-13"), "publishedOn" } });
        yield return Upload(WrongContentTypes, "a file of random bytes", () => new MultipartFormDataContent { { new ByteArrayContent([.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]), "file", "list.xlsx" }, { new StringContent("2021-01-13"), "publishedOn" } });
        yield return Upload(WrongContentTypes, "a zip that is not a spreadsheet", () => new MultipartFormDataContent { { new ByteArrayContent(Zip()), "file", "list.xlsx" }, { new StringContent("2021-01-13"), "publishedOn" } });
        yield return Upload(WrongContentTypes, "a form of 5,000 fields", () => new FormUrlEncodedContent(Enumerable.Range(0, 5_000).Select(i => KeyValuePair.Create($"f{i}", "x"))));
    }

    private IEnumerable<HostileCase> Tokens()
    {
        var now = DateTimeOffset.UtcNow;
        var officerToken = officer["Bearer ".Length..];
        var parts = Token(ProgramOfficer).Split('.');
        var auditorParts = Token(Auditor).Split('.');
        var forgedPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(auditorParts[1]).Replace($"\"{Auditor}\"", $"\"{ProgramOfficer}\"", StringComparison.Ordinal));
        IEnumerable<(string Name, string Header, int Status)> tokens =
        [
            ("garbage", "Bearer not-a-token", 401),
            ("three garbage segments", "Bearer aaa.bbb.ccc", 401),
            ("an empty bearer", "Bearer ", 401),
            ("another scheme", "Basic cGF0OnNlY3JldA==", 401),
            ("the token without a scheme", officerToken, 401),
            ("a wrong signature", "Bearer " + Token(ProgramOfficer, key: new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 48)))), 401),
            ("a payload changed after signing", $"Bearer {auditorParts[0]}.{forgedPayload}.{auditorParts[2]}", 401),
            ("the signature cut off", $"Bearer {parts[0]}.{parts[1]}.", 401),
            ("alg=none", "Bearer " + Unsigned(ProgramOfficer), 401),
            ("expired", "Bearer " + Token(ProgramOfficer, notBefore: now.AddHours(-3), expires: now.AddHours(-2)), 401),
            ("not yet valid", "Bearer " + Token(ProgramOfficer, notBefore: now.AddHours(1), expires: now.AddHours(2)), 401),
            ("another issuer", "Bearer " + Token(ProgramOfficer, issuer: "someone-else"), 401),
            ("another audience", "Bearer " + Token(ProgramOfficer, audience: "someone-else"), 401),
            ("no role claim", "Bearer " + Token(null), 403),
            ("a role that does not exist", "Bearer " + Token("admin"), 403),
            ("a role differing in case", "Bearer " + Token("Program-Officer"), 403),
        ];
        foreach (var (name, header, status) in tokens)
        {
            foreach (var command in Commands.All)
            {
                yield return new HostileCase(BadTokens, name, "POST", $"POST {command.Route}", command.PathFor(targets), () => Http.Json(command.ValidBody(targets).ToJsonString()), header, status);
            }

            yield return new HostileCase(BadTokens, name, "POST", "POST /api/audit/anchors", "/api/audit/anchors", () => null, header, status);
            yield return new HostileCase(BadTokens, name, "POST", "POST /api/publications", "/api/publications", () => Roster(), header, status);
            foreach (var (route, path, query, _) in ProtectedReads)
            {
                yield return new HostileCase(BadTokens, name, "GET", route, query.Length == 0 ? path : $"{path}?{query}", () => null, header, status);
            }
        }

        // Refusals asked for in another format: the CSV endpoints are asked with Accept: text/csv, browsers send text/html.
        var sign = Commands.All.Single(c => c.Name == "sign");
        yield return new HostileCase(BadTokens, "no token, CSV accepted", "GET", "GET /api/audit", "/api/audit?from=2019-01-01&to=2019-12-31", () => null, null, 401, "text/csv");
        yield return new HostileCase(BadTokens, "an agency's token, CSV accepted", "GET", "GET /api/audit", "/api/audit?from=2019-01-01&to=2019-12-31", () => null, "Bearer " + Token(Roles.Agency, Targets.Agency), 403, "text/csv");
        yield return new HostileCase(BadTokens, "no token, HTML accepted", "POST", $"POST {sign.Route}", sign.PathFor(targets), () => Http.Json(sign.ValidBody(targets).ToJsonString()), null, 401, "text/html");
        yield return new HostileCase(BadTokens, "an auditor's token, HTML accepted", "POST", $"POST {sign.Route}", sign.PathFor(targets), () => Http.Json(sign.ValidBody(targets).ToJsonString()), auditor, 403, "text/html");

        var request = Commands.All.Single(c => c.Name == "request");
        var withoutClaim = "Bearer " + Token(Roles.Agency);
        yield return new HostileCase(BadTokens, "the agency role without an agency claim", "POST", "POST /api/agreements", "/api/agreements", () => Http.Json(request.ValidBody(targets).ToJsonString()), withoutClaim, 403);
        foreach (var name in new[] { "terminate", "withdraw" })
        {
            var command = Commands.All.Single(c => c.Name == name);
            var body = command.ValidBody(targets);
            if (name == "terminate")
            {
                body["initiatedBy"] = "Agency";
            }

            yield return new HostileCase(BadTokens, "the agency role without an agency claim", "POST", $"POST {command.Route}", command.PathFor(targets), () => Http.Json(body.ToJsonString()), withoutClaim, 403);
        }
    }

    private IEnumerable<HostileCase> Queries()
    {
        yield return Get(BadQueries, "no from", "GET /api/audit", "/api/audit?to=2019-12-31", auditor);
        yield return Get(BadQueries, "no to", "GET /api/audit", "/api/audit?from=2019-01-01", auditor);
        yield return Get(BadQueries, "no dates", "GET /api/audit", "/api/audit", auditor);
        yield return Get(BadQueries, "to before from", "GET /api/audit", "/api/audit?from=2019-12-31&to=2019-01-01", auditor);
        yield return Get(BadQueries, "no from", "GET /api/participants/changes", "/api/participants/changes?to=2019-12-31");
        yield return Get(BadQueries, "no to", "GET /api/participants/changes", "/api/participants/changes?from=2019-01-01");
        yield return Get(BadQueries, "to before from", "GET /api/participants/changes", "/api/participants/changes?from=2019-12-31&to=2019-01-01");
        yield return Get(BadQueries, "no from", "GET /api/participants/timeline", "/api/participants/timeline?to=2019-12-31");
        yield return Get(BadQueries, "no to", "GET /api/participants/timeline", "/api/participants/timeline?from=2019-01-01");
        yield return Get(BadQueries, "to before from", "GET /api/participants/timeline", "/api/participants/timeline?from=2019-12-31&to=2019-01-01");
        yield return Get(BadQueries, "a thousand years by the day", "GET /api/participants/timeline", "/api/participants/timeline?from=1900-01-01&to=2999-12-31&interval=day");
        yield return Get(BadQueries, "to before from", "GET /api/officers/changes", "/api/officers/changes?from=2019-12-31&to=2019-01-01");
        yield return Get(BadQueries, "no from", "GET /api/officers/timeline", "/api/officers/timeline?to=2019-12-31");
        yield return Get(BadQueries, "a thousand years by the day", "GET /api/officers/timeline", "/api/officers/timeline?from=1900-01-01&to=2999-12-31&interval=day");
        yield return Get(BadQueries, "two states", "GET /api/agreements", "/api/agreements?state=FL&state=TX");
        yield return Get(BadQueries, "two names", "GET /api/agencies", "/api/agencies?name=Hernando&name=Marion");
        yield return Get(BadQueries, "two dates", "GET /api/participants", "/api/participants?asOf=2019-05&asOf=2019-06");
        yield return Get(BadQueries, "two dates", "GET /api/officers/summary", "/api/officers/summary?asOf=2019-05&asOf=2019-06");
        yield return Get(BadQueries, "recordedAt without an offset", "GET /api/officers/summary", "/api/officers/summary?recordedAt=2026-12-07T05:00:00");
        yield return Upload(BadQueries, "dryRun = maybe", () => Roster(), "?dryRun=maybe");
        yield return new HostileCase(BadQueries, "asOf = yesterday, CSV accepted", "GET", "GET /api/participants", "/api/participants?asOf=yesterday", () => null, null, 400, "text/csv");
        yield return new HostileCase(BadQueries, "to before from, CSV accepted", "GET", "GET /api/audit", "/api/audit?from=2019-12-31&to=2019-01-01", () => null, auditor, 400, "text/csv");
        foreach (var limit in strings.BadLimits)
        {
            var value = Uri.EscapeDataString(limit);
            yield return Get(BadQueries, $"limit = '{limit}'", "GET /api/audit", $"/api/audit?from=2019-01-01&to=2019-12-31&limit={value}", auditor);
            yield return Get(BadQueries, $"limit = '{limit}'", "GET /api/audit/anchors", $"/api/audit/anchors?limit={value}");
        }

        foreach (var within in new[] { "0", "abc", "-1", "1.5", "3651", "99999999999999999999" })
        {
            yield return Get(BadQueries, $"within = '{within}'", "GET /api/agreements/expiring", $"/api/agreements/expiring?within={within}");
        }

        var deliveries = $"/api/subscriptions/{Guid.NewGuid()}/deliveries";
        foreach (var status in new[] { "Sent", "1", "Delivered,Pending", "' or 1=1 --" })
        {
            yield return Get(BadQueries, $"status = '{status}'", "GET /api/subscriptions/{id}/deliveries", $"{deliveries}?status={Uri.EscapeDataString(status)}", officer);
        }

        foreach (var limit in new[] { "0", "abc", "-1", "1001", "99999999999999999999" })
        {
            yield return Get(BadQueries, $"limit = '{limit}'", "GET /api/subscriptions/{id}/deliveries", $"{deliveries}?limit={limit}", officer);
        }

        yield return Get(BadQueries, "two limits", "GET /api/subscriptions/{id}/deliveries", $"{deliveries}?limit=1&limit=2", officer);

        foreach (var after in new[] { "abc", "-1", "1.5", "99999999999999999999" })
        {
            yield return Get(BadQueries, $"after = '{after}'", "GET /api/audit", $"/api/audit?from=2019-01-01&to=2019-12-31&after={after}", auditor);
        }

        foreach (var anchor in strings.BadAnchors)
        {
            yield return Get(BadQueries, $"anchor = '{anchor}'", "GET /api/audit/verify", $"/api/audit/verify?anchor={Uri.EscapeDataString(anchor)}", officer);
        }
    }

    private IEnumerable<HostileCase> Oversize()
    {
        // 1 MiB and a byte to every command; the rest on the first three.
        foreach (var command in Commands.All)
        {
            yield return Post(Oversized, "1 MiB and one byte", command, () => Http.Json(Padded(command, JsonLimit + 1)), 413);
        }

        foreach (var command in Commands.All.Take(3))
        {
            yield return Post(Oversized, "exactly 1 MiB, at the limit but too long a field", command, () => Http.Json(Padded(command, JsonLimit)), 400);
            yield return Post(Oversized, "4 MiB", command, () => Http.Json(Padded(command, 4 * JsonLimit)), 413);
            yield return Post(Oversized, "4 MiB without a Content-Length", command, () => Chunked(Padded(command, 4 * JsonLimit)), 413);
        }

        yield return Upload(Oversized, "a 65 MiB upload", () => BigUpload(UploadLimit + JsonLimit), expected: 413);
    }

    private string Token(string? role, string? agency = null, SecurityKey? key = null, string? issuer = null, string? audience = null, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null) =>
        Token(auth, role, agency, key, issuer, audience, notBefore, expires);

    private static string Token(AuthSettings auth, string? role, string? agency = null, SecurityKey? key = null, string? issuer = null, string? audience = null, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null)
    {
        var start = notBefore ?? DateTimeOffset.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? auth.Issuer,
            Audience = audience ?? auth.Audience,
            Subject = new ClaimsIdentity(Claims(role, agency)),
            IssuedAt = start.UtcDateTime,
            NotBefore = start.UtcDateTime,
            Expires = (expires ?? start.AddHours(1)).UtcDateTime,
            SigningCredentials = new SigningCredentials(key ?? auth.SecurityKey, SecurityAlgorithms.HmacSha256),
        });
    }

    private string Unsigned(string role) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(Claims(role, null)),
            Expires = DateTime.UtcNow.AddHours(1),
        });

    private static List<Claim> Claims(string? role, string? agency)
    {
        var claims = new List<Claim> { new(ClaimNames.Name, "Mallory"), new("sub", "Mallory") };
        if (role is not null)
        {
            claims.Add(new Claim(ClaimNames.Role, role));
        }

        if (agency is not null)
        {
            claims.Add(new Claim(ClaimNames.Agency, agency));
        }

        return claims;
    }

    private HostileCase Post(string category, string name, Command command, string body, int? expected = null) =>
        Post(category, name, command, () => Http.Json(body), expected);

    private HostileCase Post(string category, string name, Command command, Func<HttpContent> content, int? expected = null) =>
        new(category, $"{command.Name}: {name}", "POST", $"POST {command.Route}", command.PathFor(targets), content, officer, expected);

    private HostileCase Post(string category, string name, string route, string path, string body, int? expected = null) =>
        new(category, name, "POST", route, path, () => Http.Json(body), officer, expected);

    private static HostileCase Get(string category, string name, string route, string url, string? authorization = null, int? expected = null) =>
        new(category, name, "GET", route, url, () => null, authorization, expected);

    private HostileCase Upload(string category, string name, Func<HttpContent> content, string query = "", int? expected = null) =>
        new(category, name, "POST", "POST /api/publications", $"/api/publications{query}", content, officer, expected);

    /// <summary>The command's valid body with <paramref name="field"/> set to the JSON text <paramref name="json"/>.</summary>
    private string With(Command command, string field, string json)
    {
        var body = command.ValidBody(targets);
        body[field] = null;
        return body.ToJsonString().Replace($"\"{field}\":null", $"\"{field}\":{json}", StringComparison.Ordinal);
    }

    /// <summary>The valid body with another member in front: <c>{"field":json, ...valid}</c>.</summary>
    private string Prefix(Command command, string field, string json)
    {
        var valid = command.ValidBody(targets).ToJsonString();
        return $"{{\"{field}\":{json}," + valid[1..];
    }

    /// <summary>
    /// The command's valid body padded to exactly <paramref name="bytes"/> UTF-8 bytes in its first text or URL field (an
    /// unknown one where it has none, which a reader may refuse by its name before it reads the rest).
    /// </summary>
    private string Padded(Command command, int bytes)
    {
        var field = (command.Fields.FirstOrDefault(f => f.Kind == FieldKind.Text) ?? command.Fields.FirstOrDefault(f => f.Kind == FieldKind.Url))?.Name ?? "padding";
        var empty = With(command, field, "\"\"");
        var padding = bytes - Encoding.UTF8.GetByteCount(empty);
        return With(command, field, $"\"{new string('a', padding)}\"");
    }

    private static MultipartFormDataContent Roster(string publishedOn = "2021-01-13") => Http.Roster(publishedOn);

    private static MultipartFormDataContent Multipart(JsonObject body)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in body)
        {
            form.Add(new StringContent(value?.ToString() ?? string.Empty), name);
        }

        return form;
    }

    private static ByteArrayContent Gzipped(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var content = Http.Bytes(buffer.ToArray(), "application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    private static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("hello.txt").Open();
            entry.Write("hello"u8);
        }

        return buffer.ToArray();
    }

    private static StreamContent Chunked(string json)
    {
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static MultipartFormDataContent BigUpload(int bytes)
    {
        var csv = new byte[bytes];
        Array.Fill(csv, (byte)'a');
        "state,agency,support,signed,moa_file\n"u8.CopyTo(csv);
        return new MultipartFormDataContent
        {
            { new ByteArrayContent(csv), "file", "big.csv" },
            { new StringContent("2021-01-13"), "publishedOn" },
        };
    }

    /// <summary>A body whose length the client cannot know in advance, so it is sent without a Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
