using System.Net;
using EventSourcedAgreements.Participation.Summarizing;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Publications;

[Collection(AppFixtureDefinition.Name)]
public sealed class FirstRunTests(AppFixture app)
{
    [Fact]
    public async Task a_newcomer_on_an_empty_store_finds_the_may_2019_list_in_ices_own_words()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var host = await AppFixture.StartHostAsync(database, ("FirstRun:Import", "true"));

        var summary = (await host.Scenario(s =>
        {
            s.Get.Url("/api/participants/summary?asOf=2019-05");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        })).ReadAsJson<ParticipationSummary>()!;

        summary.Sentence.ShouldBe("80 JEM agreements in 21 states, 10 WSO agreements in Florida");
        summary.Totals.Agreements.ShouldBe(90);
        summary.AsOf.ShouldBe(new DateOnly(2019, 5, 31));
        summary.States.Single(s => s.State == "FL").Agreements.Values.Sum().ShouldBe(summary.States.Single(s => s.State == "FL").Total);
    }
}
