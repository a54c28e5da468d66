using System.Net;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Auditing.Verifying;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Auditing;

public sealed class TamperEvidenceTests(AppFixture app) : AppTest(app)
{
    private async Task<VerificationResult> Verify(Guid id) =>
        (await Send($"/api/agreements/{id}/verify", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET")).ReadAsJson<VerificationResult>()!;

    [Fact]
    public async Task an_untouched_history_verifies_and_every_event_chains_to_its_predecessor()
    {
        var id = await SignedAgreement();
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null));

        var result = await Verify(id);

        result.ShouldBe(new VerificationResult(true, 3, null));
        (await App.Host.Services.GetRequiredService<Verification>().VerifyAsync(null, CancellationToken.None)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task an_event_altered_with_sql_breaks_the_chain_at_exactly_that_event()
    {
        var id = await SignedAgreement();
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null));
        var other = await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "TFM", RequestedOn: null));

        await ExecuteSql($"update {Schema}.mt_events set data = jsonb_set(data, '{{SignedOn}}', '\"2018-01-22\"') where stream_id = '{id}' and version = 2", allowPurge: true);

        var result = await Verify(id);
        result.Intact.ShouldBeFalse();
        result.FirstBrokenLink.ShouldNotBeNull().Version.ShouldBe(2);
        result.FirstBrokenLink.AgreementId.ShouldBe(id);
        result.FirstBrokenLink.Problem.ShouldBe("its content differs from what was recorded");
        (await Verify(other)).Intact.ShouldBeTrue();
        var store = await App.Host.Services.GetRequiredService<Verification>().VerifyAsync(null, CancellationToken.None);
        store.FirstBrokenLink.ShouldBe(result.FirstBrokenLink);
    }

    [Fact]
    public async Task a_deleted_event_breaks_the_chain_at_the_one_after_it()
    {
        var id = await SignedAgreement();
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null));

        await ExecuteSql($"delete from {Schema}.mt_events where stream_id = '{id}' and version = 2", allowPurge: true);

        var broken = (await Verify(id)).FirstBrokenLink.ShouldNotBeNull();
        broken.Version.ShouldBe(3);
        broken.Problem.ShouldBe("the event before it is missing");
    }

    [Fact]
    public async Task a_deleted_last_event_is_found_by_the_streams_own_count()
    {
        var id = await SignedAgreement();

        await ExecuteSql($"delete from {Schema}.mt_events where stream_id = '{id}' and version = 2", allowPurge: true);

        var broken = (await Verify(id)).FirstBrokenLink.ShouldNotBeNull();
        broken.Version.ShouldBe(2);
        broken.Problem.ShouldBe("the stream counts 2 events but holds events up to version 1");
    }

    [Fact]
    public async Task a_last_event_removed_with_its_streams_count_is_found_by_the_hash_it_left()
    {
        var id = await SignedAgreement();

        await ExecuteSql(
            $"delete from {Schema}.mt_events where stream_id = '{id}' and version = 2; update {Schema}.mt_streams set version = 1 where id = '{id}'",
            allowPurge: true);

        var broken = (await Verify(id)).FirstBrokenLink.ShouldNotBeNull();
        broken.Version.ShouldBe(2);
        broken.Problem.ShouldBe("the event recorded with this hash is missing");
    }

    [Fact]
    public async Task installing_the_chain_on_a_store_that_holds_events_hashes_them_and_a_later_apply_fills_in_nothing()
    {
        var storage = App.Host.Services.GetRequiredService<IDocumentStore>().Storage;
        await ExecuteSql($"drop trigger mt_chain_event on {Schema}.mt_events; drop table {Schema}.{TamperEvidence.HashesTable}", allowPurge: false);
        var id = await SignedAgreement();
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null));

        await storage.ApplyAllConfiguredChangesToDatabaseAsync();

        (await Verify(id)).ShouldBe(new VerificationResult(true, 3, null));
        await ExecuteSql($"delete from {Schema}.{TamperEvidence.HashesTable} where stream_id = '{id}' and version = 3; drop trigger mt_chain_event on {Schema}.mt_events", allowPurge: true);
        await storage.ApplyAllConfiguredChangesToDatabaseAsync();
        (await App.CountAsync($"select count(*) from pg_trigger where tgname = 'mt_chain_event' and tgrelid = '{Schema}.mt_events'::regclass")).ShouldBe(1);
        (await Verify(id)).FirstBrokenLink.ShouldNotBeNull().Problem.ShouldBe("no hash was recorded for this event");
    }

    [Theory]
    [InlineData("update {0}.mt_events set data = data")]
    [InlineData("delete from {0}.mt_events")]
    [InlineData("truncate {0}.mt_events cascade")]
    public async Task the_database_refuses_to_rewrite_or_remove_events(string sql)
    {
        var id = await SignedAgreement();

        var refused = await Should.ThrowAsync<PostgresException>(() => ExecuteSql(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, Schema), allowPurge: false));

        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        refused.MessageText.ShouldStartWith("the audit record is append-only");
        (await Events(id)).Count.ShouldBe(2);
        (await Verify(id)).Intact.ShouldBeTrue();
    }
}
