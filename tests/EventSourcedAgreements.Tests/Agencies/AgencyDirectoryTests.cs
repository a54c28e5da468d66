using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Marten;

namespace EventSourcedAgreements.Tests.Agencies;

/// <summary>The agency directory, an asynchronous projection run by Marten's daemon under Wolverine's distribution.</summary>
public sealed class AgencyDirectoryTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task the_directory_follows_every_agreement_of_an_agency_and_keeps_ended_ones()
    {
        var jem = await SignedAgreement();
        var wso = await Requested(new RequestAgreement("FL", "Hernando County Sheriff's Office", "County", "Hernando", "WSO", new DateOnly(2019, 3, 1)));
        await Send(jem, new TerminateAgreement(new DateOnly(2020, 3, 31), "Agency", "The county ended its jail contract", ExpectedVersion: null));
        await Requested(new RequestAgreement("TX", "Harris County Sheriff's Office", "County", "Harris", "JEM", new DateOnly(2019, 2, 1)));

        await CaughtUp();

        var florida = await Directory("?state=florida");
        var hernando = florida.ShouldHaveSingleItem();
        hernando.GetProperty("id").GetString().ShouldBe("fl-hernando-county-sheriffs-office");
        hernando.GetProperty("county").GetString().ShouldBe("Hernando");
        var agreements = hernando.GetProperty("agreements").EnumerateArray().ToList();
        agreements.Select(a => (a.GetProperty("id").GetGuid(), a.GetProperty("status").GetString())).ShouldBe([(jem, "Terminated"), (wso, "Requested")]);
        agreements[0].GetProperty("endedOn").GetString().ShouldBe("2020-03-31");

        (await Directory("?name=HARRIS")).Select(a => a.GetProperty("id").GetString()).ShouldBe(["tx-harris-county-sheriffs-office"]);
        (await Directory(string.Empty)).Select(a => a.GetProperty("state").GetString()).ShouldBe(["FL", "TX"]);
        (await Directory("?name=nobody")).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_name_is_found_whatever_the_form_of_its_apostrophe_its_accents_or_its_case()
    {
        await Requested(new RequestAgreement("FL", "Nassau County Sheriff’s Office", "County", "Nassau", "WSO", new DateOnly(2019, 3, 1)));
        await Requested(new RequestAgreement("TX", "Harris County Sheriff's Office", "County", "Harris", "JEM", new DateOnly(2019, 2, 1)));
        await Requested(new RequestAgreement("NM", "Doña Ana County Sheriff's Office", "County", "Doña Ana", "JEM", new DateOnly(2019, 2, 1)));

        await CaughtUp();

        string?[] Ids(IEnumerable<JsonElement> agencies) => [.. agencies.Select(a => a.GetProperty("id").GetString()).Order()];
        string[] sheriffs = ["fl-nassau-county-sheriffs-office", "nm-dona-ana-county-sheriffs-office", "tx-harris-county-sheriffs-office"];
        Ids(await Directory("?name=sheriff's%20office")).ShouldBe(sheriffs);
        Ids(await Directory($"?name={Uri.EscapeDataString("SHERIFF’S OFFICE")}")).ShouldBe(sheriffs);
        Ids(await Directory("?name=dona%20ana")).ShouldBe(["nm-dona-ana-county-sheriffs-office"]);
        Ids(await Directory($"?name={Uri.EscapeDataString("Doña")}")).ShouldBe(["nm-dona-ana-county-sheriffs-office"]);
        Ids(await Directory("?name=ffs")).ShouldBeEmpty();
    }

    [Fact]
    public async Task each_agency_in_the_directory_is_the_agency_read_from_its_agreements()
    {
        await using (var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "publications", "ice-287g-page-2019-05-20.txt")))
        {
            await ImportAsync(file, "ice-287g-page-2019-05-20.txt", "2019-05-20");
        }

        var signed = await SignedAgreement(new RequestAgreement("FL", "Hernando County Sheriff's Office", "County", "Hernando", "TFM", new DateOnly(2019, 6, 1)), signedOn: new DateOnly(2019, 7, 1));
        await Send(signed, new SuspendAgreement(new DateOnly(2019, 8, 1), "Under review", ExpectedVersion: null));
        await CaughtUp();

        var directory = await Directory(string.Empty);
        var agreements = await Service.AllAsync<JsonElement>("/api/agreements");
        agreements.Count.ShouldBe(91);
        directory.Select(a => a.GetProperty("id").GetString()).ShouldBe(agreements.Select(a => a.GetProperty("agencyId").GetString()).Distinct().Order(StringComparer.Ordinal), ignoreOrder: true);
        foreach (var agency in directory)
        {
            var id = agency.GetProperty("id").GetString();
            var details = (await Send($"/api/agencies/{id}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
            Summary(agency).ShouldBe(Summary(details), $"agency {id}");
        }

        directory.Sum(a => a.GetProperty("agreements").GetArrayLength()).ShouldBe(91);
    }

    [Fact]
    public async Task an_agreement_requested_by_the_office_and_shown_by_an_older_list_is_one_agreement_of_its_agency_when_the_daemon_rebuilds_the_directory()
    {
        // The 2019 page, imported after the office recorded Hernando's JEM request, signs that request: its stream then
        // holds two requests (the list's, known on 2019-05-20, and the office's), which a rebuild reads in one page.
        var hernando = await Requested();
        await using (var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "publications", "ice-287g-page-2019-05-20.txt")))
        {
            await ImportAsync(file, "ice-287g-page-2019-05-20.txt", "2019-05-20");
        }

        await CaughtUp();
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync(EventSourcedAgreements.Agencies.Directory.AgencyDirectoryProjection.ProjectionName, TimeSpan.FromSeconds(60), CancellationToken.None);
        }

        var agency = (await Directory("?name=hernando")).ShouldHaveSingleItem();
        agency.GetProperty("agreements").EnumerateArray().Select(a => (a.GetProperty("id").GetGuid(), a.GetProperty("model").GetString(), a.GetProperty("status").GetString()))
            .ShouldContain((hernando, "JEM", "Active"));
        (await Directory(string.Empty)).Sum(a => a.GetProperty("agreements").GetArrayLength()).ShouldBe(90);
    }

    [Fact]
    public async Task a_bad_filter_is_a_400_that_names_it()
    {
        var problem = await Problem("/api/agencies?state=Atlantis&name=%00", null, HttpStatusCode.BadRequest, token: null, method: "GET");
        problem.Detail.ShouldNotBeNull();
        problem.Detail.ShouldContain("Atlantis");
    }

    private static string Summary(JsonElement agency) =>
        string.Join(
            "|",
            new[] { agency.GetProperty("id").GetString(), agency.GetProperty("state").GetString(), agency.GetProperty("name").GetString(), agency.GetProperty("type").ToString(), agency.GetProperty("county").ToString() }
                .Concat(agency.GetProperty("agreements").EnumerateArray().Select(a =>
                    $"{a.GetProperty("id").GetGuid()} v{a.GetProperty("version").GetInt32()} {a.GetProperty("model").GetString()} {a.GetProperty("status").GetString()} {a.GetProperty("signedOn")} {a.GetProperty("expiresOn")} {a.GetProperty("endedOn")}")));

    private Task CaughtUp() => App.Host.PauseThenCatchUpOnMartenDaemonActivityAsync(timeout: TimeSpan.FromSeconds(30));

    private async Task<IReadOnlyList<JsonElement>> Directory(string query) => await Service.AllAsync<JsonElement>($"/api/agencies{query}");
}
