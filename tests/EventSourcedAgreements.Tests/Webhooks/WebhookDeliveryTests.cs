using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alba;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Webhooks;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourcedAgreements.Tests.Webhooks;

/// <summary>
/// Webhook deliveries end to end: hosts of their own (one database each) with deliveries on, a real receiver on
/// loopback, Wolverine's durable queue and scheduled retries (looked for every second here).
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class WebhookDeliveryTests(AppFixture app)
{
    private const string Secret = "s3cretForTheReceiverOnly0123456789";
    private const string Hernando = "fl-hernando-county-sheriffs-office";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task each_subscribed_event_arrives_once_signed_and_an_agency_gets_only_its_own()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var host = await StartAsync(database);
        await using var office = await WebhookReceiver.StartAsync();
        await using var agency = await WebhookReceiver.StartAsync();
        var all = await SubscribeAsync(host, OfficerToken(host), office.Url, ["AgreementRequested", "AgreementSigned"]);
        var own = await SubscribeAsync(host, AgencyToken(host, Hernando), agency.Url, ["*"]);
        own.GetProperty("agencyId").GetString().ShouldBe(Hernando);
        own.TryGetProperty("secret", out _).ShouldBeFalse();

        var hernando = await RequestAsync(host, "Hernando County Sheriff's Office");
        var other = await RequestAsync(host, "Collier County Sheriff's Office");
        await PostAsync(host, OfficerToken(host), CommandRoute.For<SignAgreement>(hernando), new SignAgreement(new DateOnly(2025, 6, 2), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        await PostAsync(host, OfficerToken(host), CommandRoute.For<SuspendAgreement>(hernando), new SuspendAgreement(new DateOnly(2025, 6, 3), "Training lapsed", ExpectedVersion: null));
        await FannedOutAsync(database);

        var officeDeliveries = await DeliveredAsync(host, all.GetProperty("id").GetGuid(), count: 3);
        var agencyDeliveries = await DeliveredAsync(host, own.GetProperty("id").GetGuid(), count: 3);
        await Task.Delay(TimeSpan.FromSeconds(2));

        office.Accepted.Count.ShouldBe(3);
        office.Accepted.Select(r => Body(r).GetProperty("type").GetString()).Order().ShouldBe(["AgreementRequested", "AgreementRequested", "AgreementSigned"]);
        agency.Accepted.Count.ShouldBe(3);
        agency.Accepted.Select(r => Body(r).GetProperty("agreementId").GetGuid()).ShouldAllBe(id => id == hernando);
        agency.Accepted.Select(r => Body(r).GetProperty("type").GetString()).Order().ShouldBe(["AgreementRequested", "AgreementSigned", "AgreementSuspended"]);
        office.Accepted.Select(r => Body(r).GetProperty("agreementId").GetGuid()).ShouldContain(other);

        foreach (var request in office.Accepted.Concat(agency.Accepted))
        {
            request.Signature.ShouldBe("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body)));
            var body = Body(request);
            body.GetProperty("id").GetString().ShouldBe(request.EventId);
            body.GetProperty("attempt").GetInt32().ShouldBe(1);
            body.GetProperty("event").GetProperty("type").GetString().ShouldBe(body.GetProperty("type").GetString());
            body.GetProperty("event").GetProperty("stateAfter").GetProperty("agencyId").GetString().ShouldBe(body.GetProperty("agencyId").GetString());
        }

        (office.Accepted.Select(r => r.EventId).Distinct().Count() + agency.Accepted.Select(r => r.EventId).Distinct().Count()).ShouldBe(6);
        officeDeliveries.ShouldAllBe(d => d.GetProperty("attempts").GetArrayLength() == 1);
        agencyDeliveries.Select(d => d.GetProperty("attempts")[0].GetProperty("statusCode").GetInt32()).ShouldAllBe(status => status == 204);
    }

    [Fact]
    public async Task an_officers_events_reach_the_agencys_subscribers_as_ids_and_counts_and_never_a_name()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var host = await StartAsync(database);
        await using var agency = await WebhookReceiver.StartAsync();
        var own = await SubscribeAsync(host, AgencyToken(host, Hernando), agency.Url, ["*"]);
        var hernando = await RequestAsync(host, "Hernando County Sheriff's Office");
        await PostAsync(host, OfficerToken(host), CommandRoute.For<SignAgreement>(hernando), new SignAgreement(new DateOnly(2025, 6, 2), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        var service = new Service(host, OfficerToken(host));
        var officer = await service.NominatedAsync(hernando, new NominateOfficer("Dana Deputy", "H-1207", new DateOnly(2025, 6, 3)));
        await service.OfficerAsync(officer, new RecordInvestigation(new DateOnly(2025, 6, 4), "Passed", CitizenshipConfirmed: true, ExpectedVersion: null));
        await service.OfficerAsync(officer, new RecordTraining(new DateOnly(2025, 6, 5), "JEM", "ICE Academy, Charleston, SC", ExpectedVersion: null));
        await service.OfficerAsync(officer, new CertifyOfficer(new DateOnly(2025, 6, 6), ExpectedVersion: null));
        await FannedOutAsync(database);

        await DeliveredAsync(host, own.GetProperty("id").GetGuid(), count: 6);

        var notices = agency.Accepted.Select(Body).Where(body => body.TryGetProperty("officer", out _)).OrderBy(body => body.GetProperty("officer").GetProperty("on").GetString()).ToList();
        notices.Select(body => body.GetProperty("type").GetString()).ShouldBe(["OfficerNominated", "BackgroundInvestigationCompleted", "TrainingCompleted", "OfficerCertified"]);
        notices.ShouldAllBe(body => body.GetProperty("agreementId").GetGuid() == hernando && body.GetProperty("agencyId").GetString() == Hernando);
        notices.Count(body => body.TryGetProperty("event", out var _)).ShouldBe(0);
        notices.ShouldAllBe(body => body.GetProperty("officer").GetProperty("officerId").GetGuid() == officer && body.GetProperty("officer").GetProperty("source").GetString() == "command");
        notices.Select(body => body.GetProperty("officer").GetProperty("statusAfter").GetString()).ShouldBe(["Nominated", "Nominated", "Nominated", "Authorized"]);
        notices.Select(body => body.GetProperty("officer").GetProperty("authorizedUnderAgreement").GetInt32()).ShouldBe([0, 0, 0, 1]);
        agency.Accepted.ShouldAllBe(request => !Encoding.UTF8.GetString(request.Body).Contains("Dana") && !Encoding.UTF8.GetString(request.Body).Contains("1207"));
    }

    [Fact]
    public async Task requests_that_lose_a_race_leave_the_deliveries_going()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var host = await StartAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = (await SubscribeAsync(host, OfficerToken(host), receiver.Url, ["AgreementRequested"])).GetProperty("id").GetGuid();

        // Ten requests at once for one agency and model: one is recorded, the others are 409s, and those whose appends
        // reached the database before the winner's commit are left behind by Marten as tombstones in the events table.
        // Whether any does depends on timing, so the burst is repeated, for another agency each time, until one has.
        using var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OfficerToken(host));
        var bursts = 0;
        var tombstones = 0L;
        while (tombstones == 0 && bursts < 5)
        {
            bursts++;
            var body = JsonSerializer.Serialize(new { state = "FL", agencyName = $"Race {bursts} County Sheriff's Office", model = "JEM", requestedOn = "2025-06-01" });
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            {
                using var response = await client.PostAsync(new Uri("/api/agreements", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
                return (int)response.StatusCode;
            }));
            answers.Count(status => status == 201).ShouldBe(1);
            tombstones = await Sql.CountAsync(database, "select count(*) from agreements.mt_events where type = 'tombstone'");
        }

        tombstones.ShouldBeGreaterThan(0);
        await RequestAsync(host, "Collier County Sheriff's Office");
        await FannedOutAsync(database);

        (await DeliveredAsync(host, subscription, count: bursts + 1)).Select(d => d.GetProperty("eventType").GetString()).ShouldAllBe(type => type == "AgreementRequested");
        receiver.Accepted.Count.ShouldBe(bursts + 1);
    }

    [Fact]
    public async Task deleting_a_subscription_cancels_its_deliveries_still_waiting()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        await using var host = await StartAsync(database, retryDelays: "00:00:02, 00:00:02, 00:00:02");
        var subscription = (await SubscribeAsync(host, OfficerToken(host), receiver.Url, ["*"])).GetProperty("id").GetGuid();
        await RequestAsync(host, "Hernando County Sheriff's Office");
        await Eventually.ReadAsync(() => Task.FromResult(receiver.Requests.Count), count => count >= 1, Patience);

        await host.Scenario(s =>
        {
            s.Delete.Url($"/api/subscriptions/{subscription}");
            s.WithRequestHeader("Authorization", $"Bearer {OfficerToken(host)}");
            s.StatusCodeShouldBe(204);
        });
        receiver.Answer = _ => 200;

        var delivery = (await Eventually.ReadAsync(
            () => DeliveriesAsync(host, subscription),
            list => list.Count == 1 && list[0].GetProperty("status").GetString() == "Cancelled",
            Patience)).Single();
        delivery.GetProperty("status").GetString().ShouldBe("Cancelled");
        await Task.Delay(TimeSpan.FromSeconds(3));
        receiver.Accepted.ShouldBeEmpty();
        receiver.Requests.Count.ShouldBe(delivery.GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task a_receiver_that_fails_three_times_then_succeeds_gets_the_event_with_every_attempt_recorded()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = before => before < 3 ? 503 : 200;
        await using var host = await StartAsync(database, retryDelays: "00:00:01, 00:00:01, 00:00:01, 00:00:01");
        var subscription = (await SubscribeAsync(host, OfficerToken(host), receiver.Url, ["AgreementRequested"])).GetProperty("id").GetGuid();

        await RequestAsync(host, "Hernando County Sheriff's Office");

        var delivery = (await DeliveredAsync(host, subscription, count: 1)).Single();
        delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).ShouldBe([503, 503, 503, 200]);
        delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("number").GetInt32()).ShouldBe([1, 2, 3, 4]);
        receiver.Requests.Count.ShouldBe(4);
        receiver.Requests.Select(r => r.EventId).Distinct().Count().ShouldBe(1);
        receiver.Requests.Select(r => Body(r).GetProperty("attempt").GetInt32()).ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public async Task a_receiver_that_keeps_failing_is_dead_lettered_after_the_last_attempt_and_a_replay_delivers_it()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 500;
        await using var host = await StartAsync(database, retryDelays: "00:00:01, 00:00:01");
        var subscription = (await SubscribeAsync(host, OfficerToken(host), receiver.Url, ["*"])).GetProperty("id").GetGuid();

        await RequestAsync(host, "Hernando County Sheriff's Office");

        var deliveries = await Eventually.ReadAsync(
            () => DeliveriesAsync(host, subscription),
            list => list.Count == 1 && list[0].GetProperty("status").GetString() == "DeadLettered",
            Patience);
        deliveries.Single().GetProperty("status").GetString().ShouldBe("DeadLettered");
        deliveries.Single().GetProperty("attempts").GetArrayLength().ShouldBe(3);
        (await Eventually.ReadAsync(
            () => Sql.CountAsync(database, "select count(*) from agreements.wolverine_dead_letters where message_type like '%DeliverWebhook%'"),
            count => count == 1,
            Patience)).ShouldBe(1);

        await Task.Delay(TimeSpan.FromSeconds(3));
        receiver.Requests.Count.ShouldBe(3);

        // The operator's way back: mark the dead letter replayable once the receiver is mended.
        receiver.Answer = _ => 200;
        await Sql.CountAsync(database, "with replayed as (update agreements.wolverine_dead_letters set replayable = true where message_type like '%DeliverWebhook%' returning 1) select count(*) from replayed");
        var replayed = (await DeliveredAsync(host, subscription, count: 1)).Single();
        replayed.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).ShouldBe([500, 500, 500, 200]);
        receiver.Accepted.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_receiver_whose_name_leads_inside_the_network_is_refused_when_connecting_too()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await StartAsync(database, "00:00:01", ("Webhooks:RequireHttps", "false"), ("Webhooks:AllowPrivateNetworks", "false"));

        // Stored as if its name had resolved to a public address when it was registered.
        var subscription = new WebhookSubscription(Guid.NewGuid(), receiver.Url, ["*"], null, Secret, "tests", DateTimeOffset.UtcNow, 0);
        await using (var session = host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Insert(subscription);
            await session.SaveChangesAsync();
        }

        await RequestAsync(host, "Hernando County Sheriff's Office");

        var delivery = (await Eventually.ReadAsync(
            () => DeliveriesAsync(host, subscription.Id),
            list => list.Count == 1 && list[0].GetProperty("status").GetString() == "DeadLettered",
            Patience)).Single();
        delivery.GetProperty("attempts").EnumerateArray().ShouldAllBe(a => a.GetProperty("statusCode").ValueKind == JsonValueKind.Null);
        delivery.GetProperty("attempts")[0].GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("resolves to no public address");
        receiver.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task deliveries_waiting_when_the_service_stops_arrive_once_after_it_starts_again()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        Guid subscription;
        Guid id;
        await using (var stopped = await StartAsync(database, retryDelays: "00:00:02, 00:00:02, 00:00:02, 00:00:02, 00:00:02"))
        {
            subscription = (await SubscribeAsync(stopped, OfficerToken(stopped), receiver.Url, ["*"])).GetProperty("id").GetGuid();
            id = await RequestAsync(stopped, "Hernando County Sheriff's Office");
            await Eventually.ReadAsync(() => Task.FromResult(receiver.Requests.Count), count => count >= 1, Patience);

            // Recorded just before the stop: fanned out before it or after the restart, it must arrive once either way.
            await PostAsync(stopped, OfficerToken(stopped), CommandRoute.For<SignAgreement>(id), new SignAgreement(new DateOnly(2025, 6, 2), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        }

        var refusedBeforeTheStop = receiver.Requests.Count;
        receiver.Answer = _ => 200;
        await using var host = await StartAsync(database, retryDelays: "00:00:02, 00:00:02, 00:00:02, 00:00:02, 00:00:02");
        await FannedOutAsync(database);

        var deliveries = await DeliveredAsync(host, subscription, count: 2);
        receiver.Accepted.Select(r => Body(r).GetProperty("type").GetString()).Order().ShouldBe(["AgreementRequested", "AgreementSigned"]);
        receiver.Accepted.Select(r => r.EventId).Distinct().Count().ShouldBe(2);
        refusedBeforeTheStop.ShouldBeGreaterThanOrEqualTo(1);
        deliveries.Single(d => d.GetProperty("eventType").GetString() == "AgreementRequested")
            .GetProperty("attempts").EnumerateArray().First().GetProperty("statusCode").GetInt32().ShouldBe(503);

        await Task.Delay(TimeSpan.FromSeconds(3));
        receiver.Accepted.Count.ShouldBe(2);
    }

    private static Task<IAlbaHost> StartAsync(string database, string retryDelays = "00:00:01", params (string Key, string Value)[] settings) =>
        AppFixture.StartHostAsync(
            database,
            [(WebhookSettings.EnabledSetting, "true"), (WebhookSettings.RetryDelaysSetting, retryDelays), ("Cluster:ScheduledJobPollingTime", "00:00:01"), .. settings]);

    private static string OfficerToken(IAlbaHost host) => Token(host, Roles.ProgramOfficer, agencyId: null);

    private static string AgencyToken(IAlbaHost host, string agencyId) => Token(host, Roles.Agency, agencyId);

    private static string Token(IAlbaHost host, string role, string? agencyId) =>
        TokenIssuer.Issue(host.Services.GetRequiredService<IOptions<AuthSettings>>().Value, role, $"{role} in tests", agencyId, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    private static Task<JsonElement> SubscribeAsync(IAlbaHost host, string token, string url, string[] events) =>
        PostAsync(host, token, "/api/subscriptions", new { url, events, secret = Secret }, HttpStatusCode.Created);

    private static async Task<Guid> RequestAsync(IAlbaHost host, string agencyName)
    {
        var request = new { state = "FL", agencyName, agencyType = "County", model = "JEM", requestedOn = "2025-06-01" };
        return (await PostAsync(host, OfficerToken(host), "/api/agreements", request, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> PostAsync(IAlbaHost host, string token, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var result = await host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(expected);
        });
        return result.ReadAsJson<JsonElement>();
    }

    private static async Task<IReadOnlyList<JsonElement>> DeliveriesAsync(IAlbaHost host, Guid subscription)
    {
        var result = await host.Scenario(s =>
        {
            s.Get.Url($"/api/subscriptions/{subscription}/deliveries");
            s.WithRequestHeader("Authorization", $"Bearer {OfficerToken(host)}");
        });
        return [.. result.ReadAsJson<JsonElement>().GetProperty("items").EnumerateArray()];
    }

    /// <summary>The subscription's deliveries once <paramref name="count"/> of them are delivered and none is waiting.</summary>
    private static async Task<IReadOnlyList<JsonElement>> DeliveredAsync(IAlbaHost host, Guid subscription, int count)
    {
        var deliveries = await Eventually.ReadAsync(
            () => DeliveriesAsync(host, subscription),
            list => list.Count == count && list.All(d => d.GetProperty("status").GetString() == "Delivered"),
            Patience);
        deliveries.Select(d => d.GetProperty("status").GetString()).ShouldBe(Enumerable.Repeat("Delivered", count));
        return deliveries;
    }

    /// <summary>Waits until the fan-out has read every event in the store.</summary>
    private static async Task FannedOutAsync(string database)
    {
        const string Behind = """
            select (select coalesce(max(seq_id), 0) from agreements.mt_events)
                 - coalesce((select max(last_seq_id) from agreements.mt_event_progression where name like 'Webhooks%'), 0)
            """;
        (await Eventually.ReadAsync(() => Sql.CountAsync(database, Behind), behind => behind <= 0, Patience)).ShouldBeLessThanOrEqualTo(0);
    }

    private static JsonElement Body(WebhookReceiver.Received request) => JsonDocument.Parse(request.Body).RootElement;
}
