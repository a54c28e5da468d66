using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Agencies.Directory;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Marten;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// The store will hold streams of another kind than agreements (an officer's, next): every reader of agreement streams
/// leaves them alone. Here a stream of an event no agreement knows sits beside a signed agreement and a published list.
/// </summary>
public sealed class OtherStreamsTests(AppFixture app) : AppTest(app)
{
    /// <summary>An event of no agreement, as a stream of another kind would hold.</summary>
    public sealed record SurveyNoted(string Note);

    [Fact]
    public async Task a_stream_of_another_kind_is_no_agreement_to_any_reader()
    {
        var agreement = await SignedAgreement();
        var other = Guid.CreateVersion7();
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream(other, new SurveyNoted("not an agreement"), new SurveyNoted("still not one"));
            await session.SaveChangesAsync();
        }

        // Not an agreement, for the public, the office and the auditors alike.
        await Problem($"/api/agreements/{other}", null, HttpStatusCode.NotFound, method: "GET");
        await Problem($"/api/agreements/{other}/lifecycle", null, HttpStatusCode.NotFound, method: "GET");
        await Problem($"/api/agreements/{other}/history", null, HttpStatusCode.NotFound, App.TokenFor(Roles.Auditor), method: "GET");
        (await Service.GetAsync<JsonElement[]>($"/api/agreements/{agreement}/lifecycle")).Length.ShouldBe(2);

        // A list meets the record as before, and the agency directory rebuilds over every stream.
        (await ImportPublished("ice-287g-page-2019-05-20.txt", "2019-05-20")).Status.ShouldBe(HttpStatusCode.Created);
        // The host's own daemon is paused first (the reset before the next test resumes it): two daemons would each
        // record the directory's progress.
        await App.Host.PauseThenCatchUpOnMartenDaemonActivityAsync(timeout: TimeSpan.FromSeconds(30));
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync(AgencyDirectoryProjection.ProjectionName, TimeSpan.FromSeconds(60), CancellationToken.None);
        }

        // The list's 90 agreements, Hernando's JEM among them: the one signed here.
        (await App.CountAsync($"select count(*) from {Schema}.mt_doc_agreement")).ShouldBe(90);
        var directory = await Service.AllAsync<JsonElement>("/api/agencies");
        directory.Sum(agency => agency.GetProperty("agreements").GetArrayLength()).ShouldBe(90);
        directory.SelectMany(agency => agency.GetProperty("agreements").EnumerateArray()).Select(a => a.GetProperty("id").GetGuid()).ShouldContain(agreement);
    }
}
