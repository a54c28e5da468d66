using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Tests.Reliability;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Webhooks;

/// <summary>Registering, reading and deleting webhook subscriptions over HTTP (deliveries are off in the shared host).</summary>
public sealed class SubscriptionTests(AppFixture app) : AppTest(app)
{
    private const string Secret = "HernandoReceiverSecret0123456789";
    private const string Receiver = "https://hooks.example.org/agreements";
    private static readonly string[] Every = ["*"];
    private static readonly string[] SignedAndTerminated = ["AgreementSigned", "AgreementTerminated"];

    [Fact]
    public async Task the_program_office_subscribes_and_no_answer_ever_shows_the_secret()
    {
        await Send("/api/agreements", HernandoJem, Officer, HttpStatusCode.Created);

        var created = await Send("/api/subscriptions", new { url = Receiver, events = SignedAndTerminated, secret = Secret }, Officer, HttpStatusCode.Created);

        var body = created.ReadAsJson<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        created.Context.Response.Headers.Location.ToString().ShouldBe($"/api/subscriptions/{id}");
        body.GetProperty("url").GetString().ShouldBe(Receiver);
        body.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ShouldBe(["AgreementSigned", "AgreementTerminated"]);
        body.GetProperty("agencyId").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("createdBy").GetString().ShouldBe("Pat Officer");
        var one = (await Send($"/api/subscriptions/{id}", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        var all = (await Send("/api/subscriptions", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        all.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ShouldBe([id]);
        foreach (var answer in new[] { created.ReadAsText(), one.GetRawText(), all.GetRawText() })
        {
            answer.ShouldNotContain(Secret);
            answer.ShouldNotContain("secret", Case.Insensitive);
        }

        // It starts at the daemon's high-water mark, never past the last event recorded.
        (await App.CountAsync($"select (data ->> 'AfterSequence')::bigint from agreements.mt_doc_webhooksubscription where id = '{id}'"))
            .ShouldBeLessThanOrEqualTo(await App.CountAsync("select max(seq_id) from agreements.mt_events"));
    }

    [Fact]
    public async Task an_agency_subscribes_to_its_own_agreements_and_to_no_other_agencys()
    {
        var hernando = App.TokenFor(Agency, Targets.Agency, "Hernando records clerk");

        var own = (await Send("/api/subscriptions", new { url = Receiver, events = Every, secret = Secret }, hernando, HttpStatusCode.Created)).ReadAsJson<JsonElement>();
        own.GetProperty("agencyId").GetString().ShouldBe(Targets.Agency);
        (await Send("/api/subscriptions", new { url = Receiver, events = Every, secret = Secret, agencyId = Targets.OtherAgency }, hernando, HttpStatusCode.Forbidden))
            .ReadAsText().ShouldContain($"not '{Targets.OtherAgency}'");
        (await Send("/api/subscriptions", new { url = Receiver, events = Every, secret = Secret }, App.TokenFor(Agency, agencyId: null), HttpStatusCode.Forbidden))
            .ReadAsText().ShouldContain("no agency claim");
        var forBay = (await Send("/api/subscriptions", new { url = Receiver, events = Every, secret = Secret, agencyId = Targets.OtherAgency }, Officer, HttpStatusCode.Created)).ReadAsJson<JsonElement>();

        (await Send("/api/subscriptions", null, hernando, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>()
            .EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ShouldBe([own.GetProperty("id").GetGuid()]);
        await Send($"/api/subscriptions/{forBay.GetProperty("id").GetGuid()}", null, hernando, HttpStatusCode.NotFound, "GET");
        (await App.CountAsync("select count(*) from agreements.mt_doc_webhooksubscription")).ShouldBe(2);
    }

    public static TheoryData<string, string> BadSubscriptions() => new()
    {
        { "no url", """{"events":["*"],"secret":"HernandoReceiverSecret0123456789"}""" },
        { "a relative url", """{"url":"/hooks","events":["*"],"secret":"HernandoReceiverSecret0123456789"}""" },
        { "an ftp url", """{"url":"ftp://hooks.example.org/","events":["*"],"secret":"HernandoReceiverSecret0123456789"}""" },
        { "no event type", """{"url":"https://hooks.example.org/","events":[],"secret":"HernandoReceiverSecret0123456789"}""" },
        { "an unknown event type", """{"url":"https://hooks.example.org/","events":["AgreementSigned","Nope"],"secret":"HernandoReceiverSecret0123456789"}""" },
        { "a secret of 15 characters", """{"url":"https://hooks.example.org/","events":["*"],"secret":"abcdefghijklmno"}""" },
        { "a secret with spaces", """{"url":"https://hooks.example.org/","events":["*"],"secret":"Hernando Receiver Secret 0123"}""" },
        { "an agency id with capitals", """{"url":"https://hooks.example.org/","events":["*"],"secret":"HernandoReceiverSecret0123456789","agencyId":"FL-Hernando"}""" },
    };

    [Theory]
    [MemberData(nameof(BadSubscriptions))]
    public async Task a_bad_subscription_is_refused_with_a_problem_naming_the_field_and_stores_nothing(string name, string body)
    {
        using var client = Http.Client(App, Officer);
        var answer = await Http.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, new Uri("/api/subscriptions", UriKind.Relative)) { Content = Http.Json(body) });

        answer.Status.ShouldBe(400, name);
        answer.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(answer.Body).RootElement.GetProperty("errors").EnumerateObject().ShouldNotBeEmpty();
        (await App.CountAsync("select count(*) from agreements.mt_doc_webhooksubscription")).ShouldBe(0);
    }

    [Fact]
    public async Task a_deleted_subscription_leaves_the_list_but_stays_readable()
    {
        var id = (await Send("/api/subscriptions", new { url = Receiver, events = Every, secret = Secret }, Officer, HttpStatusCode.Created)).ReadAsJson<JsonElement>().GetProperty("id").GetGuid();

        await Send($"/api/subscriptions/{id}", null, Officer, HttpStatusCode.NoContent, "DELETE");
        var deleted = (await Send($"/api/subscriptions/{id}", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().GetProperty("deletedAt").GetDateTimeOffset();
        await Send($"/api/subscriptions/{id}", null, Officer, HttpStatusCode.NoContent, "DELETE");

        (await Send($"/api/subscriptions/{id}", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().GetProperty("deletedAt").GetDateTimeOffset().ShouldBe(deleted);
        (await Send("/api/subscriptions", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().GetArrayLength().ShouldBe(0);
        (await Send($"/api/subscriptions/{id}/deliveries", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("http://hooks.example.org/agreements", "https")]
    [InlineData("https://127.0.0.1/hooks", "127.0.0.1")]
    [InlineData("https://[::1]/hooks", "::1")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("https://10.1.2.3/hooks", "10.1.2.3")]
    [InlineData("https://localhost:5080/hooks", "this machine")]
    [InlineData("https://user:password@hooks.example.org/", "user information")]
    public async Task outside_development_a_receiver_must_be_https_on_a_public_address(string url, string named)
    {
        var database = await App.Postgres.CreateDatabaseAsync();
        await using var host = await AppFixture.StartHostAsync(database, ("Webhooks:RequireHttps", "true"), ("Webhooks:AllowPrivateNetworks", "false"));
        var token = App.TokenFor(ProgramOfficer);

        var refused = await host.Scenario(s =>
        {
            s.Post.Json(new { url, events = Every, secret = Secret }).ToUrl("/api/subscriptions");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(422);
        });

        refused.ReadAsText().ShouldContain(named);
        await host.Scenario(s =>
        {
            s.Post.Json(new { url = Receiver, events = Every, secret = Secret }).ToUrl("/api/subscriptions");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(201);
        });
        (await Sql.CountAsync(database, "select count(*) from agreements.mt_doc_webhooksubscription")).ShouldBe(1);
    }
}
