using System.Net;
using System.Text.Json;
using Alba;
using EventSourcedAgreements.Agreements.Expiring;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// Expiry deadlines: Wolverine's durable scheduled messages, on hosts of their own (one database each) whose clock the
/// test sets. A deadline is scheduled a few real seconds ahead (the service's clock is set to just before midnight), so
/// the stored message itself is what fires.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class ExpiryDeadlineTests(AppFixture app)
{
    private static readonly DateTimeOffset BeforeMidnight = new(2025, 6, 29, 23, 59, 57, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiryDay = new(2025, 6, 30, 0, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task when_the_expiry_date_comes_on_the_service_clock_the_agreement_expires_by_itself()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeMidnight);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, expiresOn: "2025-06-30");
        (await DetailsAsync(host, id)).GetProperty("status").GetString().ShouldBe("Active");

        clock.SetUtcNow(ExpiryDay);

        (await EventuallyAsync(() => DetailsAsync(host, id), a => a.GetProperty("status").GetString() == "Expired"))
            .GetProperty("endedOn").GetString().ShouldBe("2025-06-30");
        var expired = (await GetAsync(host, $"/api/agreements/{id}/lifecycle")).EnumerateArray().Last();
        expired.GetProperty("type").GetString().ShouldBe("AgreementExpired");
        expired.GetProperty("knownAt").GetDateTimeOffset().ShouldBe(ExpiryDay);
        expired.GetProperty("source").GetString().ShouldBe(ExpiryDeadline.Source);
    }

    [Fact]
    public async Task a_renewal_that_moves_the_date_leaves_the_first_deadline_with_nothing_to_do()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeMidnight);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, expiresOn: "2025-06-30");
        await PostAsync(host, clock, $"/api/agreements/{id}/renew", new { signedOn = "2025-06-20", expiresOn = "2028-06-30" });
        var version = (await DetailsAsync(host, id)).GetProperty("version").GetInt32();

        clock.SetUtcNow(ExpiryDay);

        // The first deadline has run once only the renewal's, three years ahead, is still scheduled (Wolverine keeps a
        // handled message a while, with another status).
        const string Scheduled = "select count(*) from agreements.wolverine_incoming_envelopes where message_type like '%ExpiryDue%' and status = 'Scheduled'";
        await EventuallyAsync(() => Sql.CountAsync(database, $"{Scheduled} and execution_time < now() + interval '365 days'"), count => count == 0);
        (await Sql.CountAsync(database, Scheduled)).ShouldBe(1);
        var details = await DetailsAsync(host, id);
        details.GetProperty("status").GetString().ShouldBe("Active");
        details.GetProperty("version").GetInt32().ShouldBe(version);
    }

    [Fact]
    public async Task a_deadline_stored_before_a_restart_fires_after_it()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        Guid id;
        var before = new FakeTimeProvider(BeforeMidnight);
        await using (var stopped = await StartAsync(database, before))
        {
            id = await SignedAsync(stopped, before, expiresOn: "2025-06-30");
        }

        var after = new FakeTimeProvider(ExpiryDay);
        await using var host = await StartAsync(database, after);
        await EventuallyAsync(() => DetailsAsync(host, id), a => a.GetProperty("status").GetString() == "Expired");
    }

    private static Task<IAlbaHost> StartAsync(string connectionString, TimeProvider clock) =>
        AlbaHost.For<Program>(builder =>
        {
            AppFixture.ConfigureForTests(builder, connectionString, [(ExpiryDeadline.EnabledSetting, "true")]);
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        });

    private static async Task<Guid> SignedAsync(IAlbaHost host, TimeProvider clock, string expiresOn)
    {
        var request = new { state = "FL", agencyName = "Hernando County Sheriff's Office", agencyType = "County", county = "Hernando", model = "JEM", requestedOn = "2025-06-01" };
        var id = (await PostAsync(host, clock, "/api/agreements", request, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await PostAsync(host, clock, $"/api/agreements/{id}/sign", new { signedOn = "2025-06-02", expiresOn });
        return id;
    }

    private static async Task<JsonElement> PostAsync(IAlbaHost host, TimeProvider clock, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        // Valid by the service's clock and by the machine's.
        var token = TokenIssuer.Issue(host.Services.GetRequiredService<IOptions<AuthOptions>>().Value, Roles.ProgramOfficer, "Pat Officer", null, clock.GetUtcNow(), TimeSpan.FromDays(20 * 365));
        var result = await host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(expected);
        });
        return result.ReadAsJson<JsonElement>();
    }

    private static Task<JsonElement> DetailsAsync(IAlbaHost host, Guid id) => GetAsync(host, $"/api/agreements/{id}");

    private static async Task<JsonElement> GetAsync(IAlbaHost host, string url) =>
        (await host.Scenario(s => s.Get.Url(url))).ReadAsJson<JsonElement>();

    /// <summary>Reads until <paramref name="done"/> holds, for at most a minute (Wolverine polls its scheduled messages every few seconds).</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await Eventually.ReadAsync(read, done, TimeSpan.FromMinutes(1));
        done(value).ShouldBeTrue($"not within a minute; last seen: {value}");
        return value;
    }
}
