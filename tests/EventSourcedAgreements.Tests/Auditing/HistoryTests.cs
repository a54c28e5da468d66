using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Tests.Fixtures;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Auditing;

public sealed class HistoryTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task every_event_records_the_callers_correlation_id_the_request_and_the_actors_role()
    {
        using var client = App.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Officer);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/agreements") { Content = JsonContent.Create(HernandoJem) };
        request.Headers.Add("X-Correlation-Id", "audit-2026-11-30.1");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.GetValues("X-Correlation-Id").ShouldBe(["audit-2026-11-30.1"]);
        var id = (await response.Content.ReadFromJsonAsync<AgreementAccepted>(Json))!.Id;
        var recorded = (await Events(id)).Single();
        recorded.CorrelationId.ShouldBe("audit-2026-11-30.1");
        recorded.CausationId.ShouldBe("POST /api/agreements");
        recorded.UserName.ShouldBe("Pat Officer");
    }

    [Fact]
    public async Task a_request_without_a_usable_correlation_id_gets_one_back()
    {
        using var client = App.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/agreements");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "not a token; DROP TABLE");

        using var response = await client.SendAsync(request);

        var id = response.Headers.GetValues("X-Correlation-Id").Single();
        id.ShouldNotBe("not a token; DROP TABLE");
        id.Length.ShouldBe(32);
    }

    [Fact]
    public async Task the_history_tells_who_acted_in_which_role_from_which_source_why_and_what_the_agreement_became()
    {
        var id = await Requested();
        await Send(id, new SignAgreement(new DateOnly(2019, 1, 22), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "Training audit", ExpectedVersion: null));

        var entries = (await Send($"/api/agreements/{id}/history", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().EnumerateArray().ToList();

        entries.Count.ShouldBe(3);
        entries.ShouldAllBe(e => e.GetProperty("actorRole").GetString() == ProgramOfficer && e.GetProperty("source").GetString() == "command");
        entries[2].GetProperty("reason").GetString().ShouldBe("Training audit");
        entries.Select(e => e.GetProperty("stateAfter").GetProperty("status").GetString()).ShouldBe(["Requested", "Active", "Suspended"]);
        entries[1].GetProperty("stateAfter").GetProperty("signedOn").GetString().ShouldBe("2019-01-22");
    }

    [Fact]
    public async Task the_history_as_known_on_a_past_day_leaves_out_what_was_learned_later()
    {
        var id = await Requested();

        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var then = (await Send($"/api/agreements/{id}/history?knownAt={yesterday}", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        var now = (await Send($"/api/agreements/{id}/history", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        then.GetArrayLength().ShouldBe(0);
        now.GetArrayLength().ShouldBe(1);
        await Send($"/api/agreements/{id}/history?knownAt=2019-02-30", null, Officer, HttpStatusCode.BadRequest, "GET");
    }

    [Fact]
    public async Task an_agencys_record_merges_all_its_agreements_events_in_order()
    {
        var jem = await SignedAgreement();
        var wso = await Requested(new RequestAgreement("FL", "Hernando County Sheriff's Office", AgencyType: null, County: null, "WSO", RequestedOn: null));
        await Send(jem, new TerminateAgreement(new DateOnly(2020, 1, 1), "Agency", "Moving to WSO", ExpectedVersion: null));

        var record = (await Send("/api/agencies/fl-hernando-county-sheriffs-office/history", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET"))
            .ReadAsJson<JsonElement>().EnumerateArray()
            .Select(e => $"{e.GetProperty("model").GetString()} {e.GetProperty("event").GetProperty("type").GetString()}")
            .ToList();

        record.ShouldBe(["JEM AgreementRequested", "JEM AgreementSigned", "WSO AgreementRequested", "JEM AgreementTerminated"]);
        wso.ShouldNotBe(jem);
        await Send("/api/agencies/fl-hernando-county-sheriffs-office/history", null, App.TokenFor(Agency, "fl-hernando-county-sheriffs-office"), HttpStatusCode.Forbidden, "GET");
        await Send("/api/agencies/fl-nowhere/history", null, Officer, HttpStatusCode.NotFound, "GET");
    }
}
