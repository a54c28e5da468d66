using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Auditing;

/// <summary>The public lifecycle: the history without who recorded each event or the request ids.</summary>
public sealed class LifecycleReadingTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task anyone_reads_what_happened_when_from_which_source_and_why_but_not_who_recorded_it()
    {
        var id = await Requested();
        await Send(id, new SignAgreement(new DateOnly(2019, 1, 22), "https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf", ExpiresOn: null, ExpectedVersion: null));
        await Send(id, new TerminateAgreement(new DateOnly(2020, 3, 31), "Agency", "The county ended its jail contract", ExpectedVersion: null));

        var entries = (await Send($"/api/agreements/{id}/lifecycle", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().EnumerateArray().ToList();

        entries.Select(e => e.GetProperty("type").GetString()).ShouldBe(["AgreementRequested", "AgreementSigned", "AgreementTerminated"]);
        entries.Select(e => e.GetProperty("on").GetString()).ShouldBe(["2019-01-02", "2019-01-22", "2020-03-31"]);
        entries.ShouldAllBe(e => e.GetProperty("source").GetString() == "command" && e.GetProperty("actorRole").GetString() == "program-officer");
        entries[1].GetProperty("data").GetProperty("moaUrl").GetString().ShouldBe("https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf");
        entries[2].GetProperty("reason").GetString().ShouldBe("The county ended its jail contract");
        entries[2].GetProperty("stateAfter").GetProperty("status").GetString().ShouldBe("Terminated");
        var history = (await Send($"/api/agreements/{id}/history", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        history[0].GetProperty("actor").GetString().ShouldBe("Pat Officer");
        var text = (await Send($"/api/agreements/{id}/lifecycle", null, null, HttpStatusCode.OK, "GET")).ReadAsText();
        text.ShouldNotContain("Pat Officer");
        text.ShouldNotContain("correlation", Case.Insensitive);
        text.ShouldNotContain("causation", Case.Insensitive);
    }

    [Fact]
    public async Task the_lifecycle_the_history_and_the_audit_feed_name_what_they_share_alike()
    {
        var id = await Requested();
        await Send(id, new SignAgreement(new DateOnly(2019, 1, 22), "https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf", ExpiresOn: null, ExpectedVersion: null));

        var lifecycle = (await Send($"/api/agreements/{id}/lifecycle", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().EnumerateArray().ToList();
        var history = (await Send($"/api/agreements/{id}/history", null, Officer, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().EnumerateArray().ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var feed = (await Send($"/api/audit?from={today}&to={today}", null, App.TokenFor(EventSourcedAgreements.Security.Roles.Auditor), HttpStatusCode.OK, "GET"))
            .ReadAsJson<JsonElement>().GetProperty("entries").EnumerateArray().Reverse().ToList();

        // Every member of the lifecycle is a member of the history, under the same name and with the same value.
        lifecycle.Count.ShouldBe(history.Count);
        foreach (var (publicEntry, fullEntry) in lifecycle.Zip(history))
        {
            foreach (var member in publicEntry.EnumerateObject())
            {
                fullEntry.TryGetProperty(member.Name, out var same).ShouldBeTrue($"the history has no '{member.Name}'");
                same.GetRawText().ShouldBe(member.Value.GetRawText(), $"'{member.Name}'");
            }
        }

        // The feed names what it shares with the history alike, with the same values.
        string[] shared = ["type", "version", "actor", "actorRole", "source", "knownAt", "recordedAt", "correlationId", "causationId"];
        feed.Count.ShouldBe(history.Count);
        foreach (var (auditEntry, fullEntry) in feed.Zip(history))
        {
            foreach (var name in shared)
            {
                auditEntry.TryGetProperty(name, out var value).ShouldBeTrue($"the feed has no '{name}'");
                fullEntry.TryGetProperty(name, out var same).ShouldBeTrue($"the history has no '{name}'");
                Comparable(value).ShouldBe(Comparable(same), $"'{name}'");
            }
        }
    }

    /// <summary>A value as it compares: an instant as the instant it names (the feed and the history may write its offset apart).</summary>
    private static string Comparable(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant) && value.GetString()!.Contains('T', StringComparison.Ordinal)
            ? instant.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : value.GetRawText();

    [Fact]
    public async Task a_published_lists_events_name_the_list_and_a_past_day_leaves_out_what_came_later()
    {
        await using (var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "publications", "ice-287g-page-2019-05-20.txt")))
        {
            await ImportAsync(file, "ice-287g-page-2019-05-20.txt", "2019-05-20");
        }

        var hernando = (await Send("/api/agencies/fl-hernando-county-sheriffs-office", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>()
            .GetProperty("agreements").EnumerateArray().Single(a => a.GetProperty("model").GetString() == "WSO").GetProperty("id").GetGuid();
        await Send(hernando, new AmendAgreement(new DateOnly(2020, 1, 15), "Two more officers nominated", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));

        var now = (await Send($"/api/agreements/{hernando}/lifecycle", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().EnumerateArray().ToList();
        var then = (await Send($"/api/agreements/{hernando}/lifecycle?knownAt=2019-05-20", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().EnumerateArray().ToList();

        now.Select(e => e.GetProperty("type").GetString()).ShouldBe(["AgreementRequested", "AgreementSigned", "AgreementAmended"]);
        now[0].GetProperty("source").GetString()!.ShouldStartWith("publication 2019-05-20 ice-287g-page-2019-05-20.txt sha256:");
        now[0].GetProperty("knownAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2019, 5, 20, 0, 0, 0, TimeSpan.Zero));
        now[2].GetProperty("reason").GetString().ShouldBe("Two more officers nominated");
        then.Count.ShouldBe(2);
        await Problem($"/api/agreements/{hernando}/lifecycle?knownAt=2019-13-01", null, HttpStatusCode.BadRequest, token: null, method: "GET");
        await Problem($"/api/agreements/{Guid.NewGuid()}/lifecycle", null, HttpStatusCode.NotFound, token: null, method: "GET");
    }
}
