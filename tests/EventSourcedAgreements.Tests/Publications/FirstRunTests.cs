using System.Net;
using EventSourcedAgreements.Participation.Summarizing;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Publications;

[Collection(AppFixtureDefinition.Name)]
public sealed class FirstRunTests(AppFixture app)
{
    [Fact]
    public async Task a_newcomer_on_an_empty_store_finds_every_shipped_list_and_the_may_2019_page_in_ices_own_words()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var host = await AppFixture.StartHostAsync(database, ("FirstRun:Import", "true"));

        var summary = (await host.Scenario(s =>
        {
            s.Get.Url("/api/participants/summary?asOf=2019-05-20");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        })).ReadAsJson<ParticipationSummary>()!;

        summary.Sentence.ShouldBe("80 JEM agreements in 21 states, 10 WSO agreements in Florida");
        summary.Totals.Agreements.ShouldBe(90);
        summary.AsOf.ShouldBe(new DateOnly(2019, 5, 20));
        var shipped = EventSourcedAgreements.Publications.Importing.ListFolder.Read(Path.Combine(AppContext.BaseDirectory, "Data", "publications")).Lists;
        shipped.Count.ShouldBe(6);
        var imported = (await host.Scenario(s =>
        {
            s.Get.Url("/api/publications");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        })).ReadAsJson<List<System.Text.Json.Nodes.JsonObject>>()!;
        imported.Select(p => p["fileName"]!.GetValue<string>()).ShouldBe(shipped.Select(l => Path.GetFileName(l.Path)), ignoreOrder: true);
        summary.States.Single(s => s.State == "FL").Agreements.Values.Sum().ShouldBe(summary.States.Single(s => s.State == "FL").Total);
    }
}
