using EventSourcedAgreements.Agencies.Directory;
using EventSourcedAgreements.Operating;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Marten;

namespace EventSourcedAgreements.Tests.Operating;

public sealed class ProjectionStatusTests(AppFixture app) : AppTest(app)
{
    private static readonly string Directory = AgencyDirectoryProjection.ProjectionName + ":All";
    private static readonly string Officers = EventSourcedAgreements.Officers.FollowingTheAgreement.AgreementChanges.Name + ":All";

    [Fact]
    public async Task the_status_counts_the_events_a_paused_projection_has_not_applied()
    {
        await Requested();
        await App.Host.PauseThenCatchUpOnMartenDaemonActivityAsync(CatchUpMode.AndDoNothing, TimeSpan.FromSeconds(30));
        try
        {
            var status = await ReadAsync();
            status.Projections.Select(p => p.Shard).ShouldBe([Directory, Officers], ignoreOrder: true);
            var caughtUp = status.Projections.Single(p => p.Shard == Directory);
            caughtUp.Behind.ShouldBe(0);

            await SignedAgreement(new RequestAgreement("TX", "Harris County Sheriff's Office", "County", "Harris", "JEM", new DateOnly(2019, 1, 5)));
            var paused = await ReadAsync();
            var behind = paused.Projections.Single(p => p.Shard == Directory);
            behind.Behind.ShouldBeGreaterThanOrEqualTo(2, "a request and a signing, not applied while the daemon is paused (a failed append elsewhere may use a number too)");
            behind.Behind.ShouldBe(paused.LastSequence - behind.AppliedThrough);
            behind.AppliedThrough.ShouldBe(caughtUp.AppliedThrough);

            var text = ProjectionStatusCommand.Format(paused, DateTimeOffset.UtcNow);
            text.ShouldContain(Directory);
            text.ShouldContain($"{paused.LastSequence:N0}");
        }
        finally
        {
            await App.Host.PauseThenCatchUpOnMartenDaemonActivityAsync(timeout: TimeSpan.FromSeconds(30));
        }

        (await ReadAsync()).Projections.ShouldAllBe(shard => shard.Behind == 0);
    }

    private Task<ProjectionReport> ReadAsync() =>
        ProjectionStatus.ReadAsync(App.Host.Services.GetRequiredService<IDocumentStore>(), CancellationToken.None);
}
