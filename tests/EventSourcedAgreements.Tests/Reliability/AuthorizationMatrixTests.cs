using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Tests.Hosting;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Reliability;

/// <summary>
/// Every endpoint asked by each kind of caller, on agreements of the Hernando County Sheriff's Office: nobody, that
/// agency, another agency (Bay County), the program office, an auditor. The rules are the endpoints'
/// <c>[Authorize]</c> roles, <c>AgencyAccess</c> and README's endpoint table: an agency acts on its own agreements only
/// (request, withdraw, terminate as the initiator) and reads no history; auditors read everything and change nothing
/// but the anchors; the program office does all but read the audit feed; the rest is public.
/// </summary>
public sealed class AuthorizationMatrixTests(AppFixture app) : AppTest(app)
{
    public const string Nobody = "anonymous";
    public const string OwnAgency = "its own agency";
    public const string OtherAgency = "another agency";
    public const string ProgramOffice = "program officer";
    public const string AnAuditor = "auditor";

    private const int Ok = 200;
    private const int Created = 201;
    private const int NoContent = 204;
    private const int Unauthorized = 401;
    private const int Forbidden = 403;
    private const int NotFound = 404;

    private static readonly string[] Principals = [Nobody, OwnAgency, OtherAgency, ProgramOffice, AnAuditor];

    private static readonly int[] Public = [Ok, Ok, Ok, Ok, Ok];
    private static readonly int[] OfficeOnly = [Unauthorized, Forbidden, Forbidden, Ok, Forbidden];
    private static readonly int[] OwnAgencyOrOffice = [Unauthorized, Ok, Forbidden, Ok, Forbidden];
    private static readonly int[] OfficeOrAuditor = [Unauthorized, Forbidden, Forbidden, Ok, Ok];
    private static readonly int[] OwnAgencyOfficeOrAuditor = [Unauthorized, Ok, Forbidden, Ok, Ok];

    /// <summary>Whether a caller without a token gets an answer from <paramref name="route"/> (by the matrix, which the tests hold the service to).</summary>
    public static bool AnyoneMay(string method, string route) =>
        Rules.Single(rule => rule.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && rule.Route == route).Statuses[0] != Unauthorized;

    /// <summary>The status each principal gets, in the order of <see cref="Principals"/>.</summary>
    private static readonly (string Method, string Route, int[] Statuses)[] Rules =
    [
        ("POST", "/api/agreements", [Unauthorized, Created, Forbidden, Created, Forbidden]),
        ("POST", "/api/agreements/{id}/sign", OfficeOnly),
        ("POST", "/api/agreements/{id}/amend", OfficeOnly),
        ("POST", "/api/agreements/{id}/renew", OfficeOnly),
        ("POST", "/api/agreements/{id}/suspend", OfficeOnly),
        ("POST", "/api/agreements/{id}/reinstate", OfficeOnly),
        ("POST", "/api/agreements/{id}/terminate", OwnAgencyOrOffice),
        ("POST", "/api/agreements/{id}/withdraw", OwnAgencyOrOffice),
        ("POST", "/api/agreements/{id}/reject", OfficeOnly),
        ("POST", "/api/agreements/{id}/expire", OfficeOnly),
        ("POST", "/api/agreements/{id}/corrections", OfficeOnly),
        ("GET", "/api/agreements", Public),
        ("GET", "/api/agreements/expiring", Public),
        ("GET", "/api/agreements/{id}", Public),
        ("GET", "/api/agreements/{id}/history", OfficeOrAuditor),
        ("GET", "/api/agreements/{id}/lifecycle", Public),
        ("GET", "/api/agreements/{id}/officer-activity", Public),
        ("GET", "/api/agreements/{id}/verify", OfficeOrAuditor),
        ("POST", "/api/agreements/{id}/officers", [Unauthorized, Created, Forbidden, Created, Forbidden]),
        ("GET", "/api/agreements/{id}/officers", OwnAgencyOfficeOrAuditor),
        ("GET", "/api/officers/{id}", OwnAgencyOfficeOrAuditor),
        ("GET", "/api/officers/summary", Public),
        ("GET", "/api/officers/changes", Public),
        ("GET", "/api/officers/timeline", Public),
        ("GET", "/api/officers/{id}/history", OfficeOrAuditor),
        ("POST", "/api/officers/{id}/background-investigation", OfficeOnly),
        ("POST", "/api/officers/{id}/training", OfficeOnly),
        ("POST", "/api/officers/{id}/certify", OfficeOnly),
        ("POST", "/api/officers/{id}/suspend", OfficeOnly),
        ("POST", "/api/officers/{id}/reinstate", OfficeOnly),
        ("POST", "/api/officers/{id}/corrections", OfficeOnly),
        ("POST", "/api/officers/{id}/revoke", OfficeOnly),
        ("POST", "/api/officers/{id}/separate", OwnAgencyOrOffice),
        ("GET", "/api/agencies", Public),
        ("GET", "/api/agencies/{agencyId}", Public),
        ("GET", "/api/agencies/{agencyId}/history", OfficeOrAuditor),
        ("GET", "/api/participants", Public),
        ("GET", "/api/participants/summary", Public),
        ("GET", "/api/participants/changes", Public),
        ("GET", "/api/participants/timeline", Public),
        ("GET", "/api/audit", [Unauthorized, Forbidden, Forbidden, Forbidden, Ok]),
        ("GET", "/api/audit/anchors", Public),
        ("POST", "/api/audit/anchors", [Unauthorized, Forbidden, Forbidden, Created, Created]),
        ("GET", "/api/audit/anchors/{number}", Public),
        ("GET", "/api/audit/verify", OfficeOrAuditor),
        ("POST", "/api/publications", [Unauthorized, Forbidden, Forbidden, Created, Forbidden]),
        ("GET", "/api/publications", Public),
        ("GET", "/api/publications/{id}", Public),
        ("POST", "/api/subscriptions", [Unauthorized, Created, Forbidden, Created, Forbidden]),
        ("GET", "/api/subscriptions", [Unauthorized, Ok, Ok, Ok, Forbidden]),
        ("GET", "/api/subscriptions/{id}", [Unauthorized, Ok, NotFound, Ok, Forbidden]),
        ("DELETE", "/api/subscriptions/{id}", [Unauthorized, NoContent, NotFound, NoContent, Forbidden]),
        ("GET", "/api/subscriptions/{id}/deliveries", [Unauthorized, Ok, NotFound, Ok, Forbidden]),
        ("GET", "/health/live", Public),
        ("GET", "/health/ready", Public),
        ("GET", "/health", Public),
    ];

    public static TheoryData<string, string, string, int> Cells()
    {
        var cells = new TheoryData<string, string, string, int>();
        foreach (var (method, route, statuses) in Rules)
        {
            for (var i = 0; i < Principals.Length; i++)
            {
                cells.Add(method, route, Principals[i], statuses[i]);
            }
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task each_endpoint_answers_each_caller_as_the_access_rules_say(string method, string route, string caller, int expected)
    {
        var (path, body) = await Prepare(method, route);
        var before = await CountEvents();

        var answer = await Ask(method, path, body, TokenOf(caller));

        answer.Status.ShouldBe(expected, answer.Body);
        var appended = await CountEvents() - before;
        if (method == "POST" && route is not "/api/audit/anchors" and not "/api/subscriptions" && expected < 300)
        {
            appended.ShouldBeGreaterThan(0);
        }
        else
        {
            appended.ShouldBe(0);
        }
    }

    [Fact]
    public void the_matrix_has_a_row_for_every_endpoint_of_the_openapi_document()
    {
        var rows = Rules.Select(r => $"{r.Method} {r.Route}").Order().ToList();

        rows.ShouldBe(ApiDescriptionTests.Endpoints().Select(row => $"{((string)row[0]).ToUpperInvariant()} {row[1]}").Order().ToList());
        Cells().Count.ShouldBe(Rules.Length * Principals.Length);
    }

    /// <summary>Another agency asks for an agreement in Hernando's name, spelling the name as the service would still read it as Hernando's.</summary>
    [Theory]
    [InlineData("FL", "Hernando County Sheriff's Office")]
    [InlineData("Florida", "HERNANDO COUNTY SHERIFFS OFFICE")]
    [InlineData(" florida ", "Hernando  County  Sheriff’s  Office")]
    [InlineData("fl", "Hernando County Sheriff's Office.")]
    [InlineData("FL", "Hernándo County Sheriff's Office")]
    public async Task an_agency_cannot_ask_for_an_agreement_in_another_agencys_name_however_it_spells_it(string state, string agencyName)
    {
        var answer = await Ask("POST", CommandRoute.For<RequestAgreement>(Guid.Empty), new RequestAgreement(state, agencyName, AgencyType: null, County: null, "JEM", RequestedOn: null), App.TokenFor(Agency, Targets.OtherAgency));

        answer.Status.ShouldBe(Forbidden, answer.Body);
        answer.Body.ShouldContain($"This token is for agency {Targets.OtherAgency}, which has no agreement on record yet; it cannot ask on behalf of ");
        answer.Body.ShouldContain($"({Targets.Agency})");
        (await CountEvents()).ShouldBe(0);
    }

    /// <summary>A token whose agency claim is nearly the agreement's agency acts for no agreement of it and reads none of its restricted views.</summary>
    [Theory]
    [InlineData("FL-HERNANDO-COUNTY-SHERIFFS-OFFICE")]
    [InlineData("fl-hernando-county-sheriffs-office ")]
    [InlineData("fl-hernando-county-sheriffs-office\u200b")]
    [InlineData("fl-hernando-county-sheriff-office")]
    [InlineData("")]
    public async Task a_token_whose_agency_claim_only_resembles_the_agreements_agency_is_refused(string claim)
    {
        var requested = await Requested();
        var active = await SignedAgreement(new RequestAgreement("FL", "Hernando County Sheriff's Office", AgencyType: null, County: null, "WSO", new DateOnly(2019, 1, 2)));
        var token = App.TokenFor(Agency, claim);
        var before = await CountEvents();

        (await Ask("POST", CommandRoute.For<WithdrawRequest>(requested), new WithdrawRequest("not ours", ExpectedVersion: null), token)).Status.ShouldBe(Forbidden);
        (await Ask("POST", CommandRoute.For<TerminateAgreement>(active), new TerminateAgreement(new DateOnly(2020, 1, 1), "Agency", "not ours", ExpectedVersion: null), token)).Status.ShouldBe(Forbidden);
        (await Ask("POST", CommandRoute.For<RequestAgreement>(Guid.Empty), new RequestAgreement("FL", "Hernando County Sheriff's Office", AgencyType: null, County: null, "TFM", RequestedOn: null), token)).Status.ShouldBe(Forbidden);
        (await Ask("GET", $"/api/agreements/{active}/history", null, token)).Status.ShouldBe(Forbidden);
        (await Ask("GET", $"/api/agreements/{active}/verify", null, token)).Status.ShouldBe(Forbidden);
        (await Ask("GET", $"/api/agencies/{Targets.Agency}/history", null, token)).Status.ShouldBe(Forbidden);
        (await CountEvents()).ShouldBe(before);
    }

    private string? TokenOf(string caller) => caller switch
    {
        Nobody => null,
        OwnAgency => App.TokenFor(Agency, Targets.Agency, "Hernando records clerk"),
        OtherAgency => App.TokenFor(Agency, Targets.OtherAgency, "Bay records clerk"),
        ProgramOffice => Officer,
        AnAuditor => App.TokenFor(Auditor, name: "Ada Auditor"),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    /// <summary>What the cell's request needs in the store, and the request: a path and a body the program office would get a 2xx for.</summary>
    private async Task<(string Path, object? Body)> Prepare(string method, string route)
    {
        if (method == "POST" && Commands.All.SingleOrDefault(c => c.Route == route) is { IsOfficers: true } officerCommand)
        {
            // The WSO agreement, as in the hostile corpus's targets: the bodies of the officer commands are of that model.
            var agreement = await SignedAgreement(HernandoJem with { Model = "WSO" });
            var targets = await Targets.OfficersAsync(Service, new Targets(agreement, agreement, agreement), agreement, EventSourcedAgreements.Agreements.SupportModel.WSO);
            return (officerCommand.PathFor(targets), officerCommand.ValidBody(targets));
        }

        if (method == "POST" && route.StartsWith("/api/agreements", StringComparison.Ordinal))
        {
            if (route == "/api/agreements")
            {
                return (route, HernandoJem);
            }

            var command = Commands.All.Single(c => c.Route == route);
            var id = command.Needs switch
            {
                TargetState.Requested => await Requested(),
                TargetState.Active => await SignedAgreement(expiresOn: new DateOnly(2022, 1, 22)),
                _ => await Suspended(),
            };
            var body = command.ValidBody(new Targets(id, id, id));
            if (command.Name == "terminate")
            {
                body["initiatedBy"] = "Agency";
            }

            return (command.PathFor(new Targets(id, id, id)), body);
        }

        switch (route)
        {
            case "/api/agreements/{id}":
            case "/api/agreements/{id}/history":
            case "/api/agreements/{id}/lifecycle":
            case "/api/agreements/{id}/officer-activity":
            case "/api/agreements/{id}/verify":
            case "/api/agreements/{id}/officers":
                return (route.Replace("{id}", (await SignedAgreement()).ToString(), StringComparison.Ordinal), null);
            case "/api/officers/{id}":
            case "/api/officers/{id}/history":
                var officer = await Service.NominatedAsync(await SignedAgreement(), new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 2, 1)));
                return (route.Replace("{id}", officer.ToString(), StringComparison.Ordinal), null);
            case "/api/agencies/{agencyId}":
            case "/api/agencies/{agencyId}/history":
                await SignedAgreement();
                return (route.Replace("{agencyId}", Targets.Agency, StringComparison.Ordinal), null);
            case "/api/audit/anchors":
                await SignedAgreement();
                return (route, method == "POST" ? new { } : null);
            case "/api/audit/anchors/{number}":
                await SignedAgreement();
                var anchor = await Ask("POST", "/api/audit/anchors", new { }, Officer);
                return ($"/api/audit/anchors/{JsonDocument.Parse(anchor.Body).RootElement.GetProperty("number").GetInt64()}", null);
            case "/api/publications" when method == "POST":
                return (route, Http.Roster());
            case "/api/publications/{id}":
                var import = await Ask("POST", "/api/publications", Http.Roster(), Officer);
                return ($"/api/publications/{JsonDocument.Parse(import.Body).RootElement.GetProperty("publicationId").GetGuid()}", null);
            case "/api/subscriptions" when method == "POST":
                return (route, Subscription);
            case "/api/subscriptions/{id}":
            case "/api/subscriptions/{id}/deliveries":
                var subscription = await Ask("POST", "/api/subscriptions", Subscription, Officer);
                return (route.Replace("{id}", JsonDocument.Parse(subscription.Body).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal), null);
            case "/api/audit":
                await SignedAgreement();
                return ($"{route}?from=2019-01-01&to=2999-12-31", null);
            case "/api/participants/changes":
            case "/api/participants/timeline":
            case "/api/officers/changes":
            case "/api/officers/timeline":
                await SignedAgreement();
                return ($"{route}?from=2019-01-01&to=2022-12-31", null);
            default:
                await SignedAgreement();
                return (route, null);
        }
    }

    /// <summary>A subscription to Hernando's agreements (deliveries are off in the shared test host).</summary>
    private static object Subscription => new { url = "https://hooks.example.org/agreements", events = new[] { "*" }, secret = "HernandoReceiverSecret0123456789", agencyId = Targets.Agency };

    private async Task<Guid> Suspended()
    {
        var id = await SignedAgreement(expiresOn: new DateOnly(2022, 1, 22));
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "Training audit", ExpectedVersion: null));
        return id;
    }

    private async Task<Answer> Ask(string method, string path, object? body, string? token)
    {
        using var client = Http.Client(App, token);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = body switch
            {
                null => null,
                HttpContent content => content,
                JsonObject json => Http.Json(json.ToJsonString()),
                _ => Http.Json(JsonSerializer.Serialize(body, Json)),
            },
        };
        return await Http.SendAsync(client, request);
    }

    private Task<long> CountEvents() => App.CountEventsAsync();
}
