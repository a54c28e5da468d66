using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using EntityTagHeaderValue = System.Net.Http.Headers.EntityTagHeaderValue;

namespace EventSourcedAgreements.Tests.Agreements;

public sealed class ConcurrencyTests(AppFixture app, ITestOutputHelper output) : AppTest(app)
{
    private const int Contenders = 20;

    private static readonly string[] ExpectedOutcomes = ["won", "Stale version", "Concurrent change", "Transition not allowed", "Open agreement exists", "Conflict", "Precondition failed"];

    [Fact]
    public async Task twenty_concurrent_amendments_of_the_same_version_have_exactly_one_winner()
    {
        var id = await SignedAgreement();

        var statuses = await Race(i => (CommandRoute.For<AmendAgreement>(id), new AmendAgreement(new DateOnly(2019, 3, 1), $"amendment {i}", MoaUrl: null, ExpiresOn: null, 2)));

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(Contenders - 1);
        var events = await Events(id);
        events.Count.ShouldBe(3);
        events.Select(e => e.Version).ShouldBe([1L, 2, 3]);
        (await Details(id)).Version.ShouldBe(3);
    }

    [Fact]
    public async Task twenty_concurrent_decisions_on_one_request_without_a_version_have_exactly_one_winner()
    {
        var id = await Requested();

        var statuses = await Race(i => (i % 3) switch
        {
            0 => (CommandRoute.For<SignAgreement>(id), new SignAgreement(new DateOnly(2019, 1, 22), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null)),
            1 => (CommandRoute.For<RejectRequest>(id), new RejectRequest($"rejection {i}", ExpectedVersion: null)),
            _ => (CommandRoute.For<WithdrawRequest>(id), new WithdrawRequest($"withdrawal {i}", ExpectedVersion: null)),
        });

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(Contenders - 1);
        (await Events(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task twenty_concurrent_requests_for_the_same_agency_and_model_create_exactly_one_agreement()
    {
        var statuses = await Race(_ => ("/api/agreements", HernandoJem));

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(Contenders - 1);
        var agency = await Send("/api/agencies/fl-hernando-county-sheriffs-office", null, null, HttpStatusCode.OK, "GET");
        agency.ReadAsJson<System.Text.Json.JsonElement>().GetProperty("agreements").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task the_tombstones_marten_writes_for_lost_races_get_no_hash_and_the_store_still_verifies()
    {
        await Race(_ => ("/api/agreements", HernandoJem));

        var tombstones = 0L;
        for (var wait = 0; wait < 50 && tombstones == 0; wait++)
        {
            await Task.Delay(100);
            tombstones = await Count($"select count(*) from {Schema}.mt_events where type = 'tombstone'");
        }

        tombstones.ShouldBeGreaterThan(0);
        (await Count($"select count(*) from {Schema}.{EventSourcedAgreements.Auditing.TamperEvidence.HashesTable}")).ShouldBe(1);
        var verified = await App.Host.Services.GetRequiredService<EventSourcedAgreements.Auditing.Verifying.Verification>().VerifyStoreAsync(null, CancellationToken.None);
        verified.ShouldBe(new EventSourcedAgreements.Auditing.Verifying.StoreVerificationResult(true, 1, null, 0, 1, null));
    }

    private Task<long> Count(string sql) => App.CountAsync(sql);

    [Fact]
    public async Task a_storm_of_a_hundred_commands_sent_if_match_the_same_version_has_exactly_one_winner_and_versions_stay_contiguous()
    {
        var id = await SignedAgreement();

        var statuses = await Race(
            i => ($"/api/agreements/{id}/{(i % 2 == 0 ? "amend" : "suspend")}", i % 2 == 0 ? new { effectiveOn = "2019-03-01", summary = $"amendment {i}" } : new { effectiveOn = "2019-06-01", reason = $"suspension {i}" }),
            contenders: 100,
            ifMatch: "\"2\"");

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed).ShouldBe(99);
        var events = await Events(id);
        events.Select(e => e.Version).ShouldBe([1L, 2, 3]);
        (await Details(id)).Version.ShouldBe(3);
    }

    private async Task<HttpStatusCode[]> Race(Func<int, (string Url, object Body)> command, int contenders = Contenders, string? ifMatch = null)
    {
        using var client = App.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Officer);
        if (ifMatch is not null)
        {
            client.DefaultRequestHeaders.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        using var start = new SemaphoreSlim(0);
        var racing = Enumerable.Range(0, contenders).Select(async i =>
        {
            var (url, body) = command(i);
            await start.WaitAsync();
            using var response = await client.PostAsJsonAsync(url, body, Json);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
            {
                return (response.StatusCode, Title: "won");
            }

            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(Json);
            return (response.StatusCode, Title: problem!.Title!);
        }).ToList();
        start.Release(contenders);
        var outcomes = await Task.WhenAll(racing);
        foreach (var group in outcomes.GroupBy(o => $"{(int)o.StatusCode} {o.Title}"))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
        }

        outcomes.Select(o => o.Title).ShouldAllBe(title => ExpectedOutcomes.Contains(title));
        return outcomes.Select(o => o.StatusCode).ToArray();
    }
}
