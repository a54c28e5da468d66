using System.Net;
using System.Security.Cryptography;
using System.Text;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Auditing.GettingAnchors;
using EventSourcedAgreements.Auditing.Sealing;
using EventSourcedAgreements.Auditing.Verifying;
using EventSourcedAgreements.Tests.Fixtures;
using Npgsql;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Auditing;

public sealed class AnchorTests(AppFixture app) : AppTest(app)
{
    private async Task<Anchor> Seal() =>
        (await Send("/api/audit/anchors", null, App.TokenFor(Auditor), HttpStatusCode.Created)).ReadAsJson<Anchor>()!;

    private async Task<StoreVerificationResult> VerifyStore(string? anchor = null) =>
        (await Send($"/api/audit/verify{(anchor is null ? "" : $"?anchor={anchor}")}", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET"))
        .ReadAsJson<StoreVerificationResult>()!;

    private async Task<List<(long Sequence, string Hash)>> EventHashes()
    {
        await using var connection = new NpgsqlConnection(App.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select seq_id, hash from {Schema}.{TamperEvidence.HashesTable} order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var hashes = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            hashes.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return hashes;
    }

    /// <summary>What docs/auditing.md tells an auditor to compute, computed here without the database.</summary>
    private static string AnchorHash(string? previous, long number, IEnumerable<string> eventHashes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{previous}|{number}|{string.Join('|', eventHashes)}")));

    /// <summary>Someone with the database's credentials rewrites an agreement's last event and recomputes its hash, so its own chain still holds.</summary>
    private Task RewriteLastEventWithItsHash(Guid id, long version) =>
        ExecuteSql(
            $$"""
            update {{Schema}}.mt_events set data = jsonb_set(data, '{SignedOn}', '"2018-01-22"') where stream_id = '{{id}}' and version = {{version}};
            update {{Schema}}.{{TamperEvidence.HashesTable}} h set hash = {{TamperEvidence.HashExpression("e", "h.previous")}}
            from {{Schema}}.mt_events e where e.stream_id = h.stream_id and e.version = h.version and h.stream_id = '{{id}}' and h.version = {{version}};
            """,
            allowPurge: true);

    [Fact]
    public async Task each_anchor_seals_the_events_recorded_since_the_last_and_chains_to_it()
    {
        var id = await SignedAgreement();

        var first = await Seal();
        await Send("/api/audit/anchors", null, App.TokenFor(ProgramOfficer), HttpStatusCode.NoContent);
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null));
        var second = await Seal();

        var hashes = await EventHashes();
        hashes.Count.ShouldBe(3);
        first.ShouldBe(first with { Number = 1, Events = 2, FirstSequence = hashes[0].Sequence, LastSequence = hashes[1].Sequence, Previous = null });
        first.Hash.ShouldBe(AnchorHash(null, 1, hashes.Take(2).Select(h => h.Hash)));
        second.ShouldBe(second with { Number = 2, Events = 1, FirstSequence = hashes[2].Sequence, LastSequence = hashes[2].Sequence, Previous = first.Hash });
        second.Hash.ShouldBe(AnchorHash(first.Hash, 2, [hashes[2].Hash]));
        (await VerifyStore($"{first.Number}:{first.Hash}")).ShouldBe(new StoreVerificationResult(true, 3, null, 2, 0, null));
    }

    [Fact]
    public async Task anchors_are_public_newest_first()
    {
        await SignedAgreement();
        var first = await Seal();
        await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "TFM", RequestedOn: null));
        var second = await Seal();

        var list = (await Send("/api/audit/anchors", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<AnchorList>()!;
        list.Anchors.ShouldBe([second, first]);
        (await Send("/api/audit/anchors?limit=1", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<AnchorList>()!.Anchors.ShouldBe([second]);
        (await Send("/api/audit/anchors/1", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<Anchor>().ShouldBe(first);
        (await Problem("/api/audit/anchors/3", null, HttpStatusCode.NotFound, method: "GET")).Title.ShouldBe("Unknown anchor");
        (await Problem("/api/audit/anchors?limit=0", null, HttpStatusCode.BadRequest, method: "GET")).Detail.ShouldNotBeNull();
    }

    [Fact]
    public async Task events_recorded_after_the_last_anchor_are_counted_as_unsealed()
    {
        await SignedAgreement();
        await Seal();
        await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "TFM", RequestedOn: null));

        (await VerifyStore()).ShouldBe(new StoreVerificationResult(true, 3, null, 1, 1, null));
    }

    [Fact]
    public async Task an_event_rewritten_with_its_hash_passes_its_own_chain_but_breaks_the_anchor_that_sealed_it()
    {
        var id = await SignedAgreement();
        await Seal();

        await RewriteLastEventWithItsHash(id, version: 2);

        (await Send($"/api/agreements/{id}/verify", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET")).ReadAsJson<VerificationResult>()!.Intact.ShouldBeTrue();
        var store = await VerifyStore();
        store.Intact.ShouldBeFalse();
        store.FirstBrokenLink.ShouldBeNull();
        store.FirstBrokenAnchor.ShouldBe(new BrokenAnchor(1, "the hashes of its events differ from what it sealed"));
    }

    [Fact]
    public async Task a_rewrite_that_recomputes_the_anchors_too_is_found_against_the_published_anchor()
    {
        var id = await SignedAgreement();
        var published = await Seal();
        await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "TFM", RequestedOn: null));
        var later = await Seal();

        await RewriteLastEventWithItsHash(id, version: 2);
        await ExecuteSql(
            $"""
            update {Schema}.{TamperEvidence.AnchorsTable} a set hash = {TamperEvidence.AnchorHashExpression("a.previous", "a.number", $"(select string_agg(hash, '|' order by seq_id) from {Schema}.{TamperEvidence.HashesTable} where anchor = 1)")} where number = 1;
            update {Schema}.{TamperEvidence.AnchorsTable} set previous = (select hash from {Schema}.{TamperEvidence.AnchorsTable} where number = 1) where number = 2;
            update {Schema}.{TamperEvidence.AnchorsTable} a set hash = {TamperEvidence.AnchorHashExpression("a.previous", "a.number", $"(select string_agg(hash, '|' order by seq_id) from {Schema}.{TamperEvidence.HashesTable} where anchor = 2)")} where number = 2;
            """,
            allowPurge: true);

        (await VerifyStore()).Intact.ShouldBeTrue();
        var rewritten = (await Send("/api/audit/anchors/2", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<Anchor>()!;
        rewritten.Hash.ShouldNotBe(later.Hash);
        var checkedAgainstFirst = await VerifyStore($"1:{published.Hash}");
        checkedAgainstFirst.Intact.ShouldBeFalse();
        checkedAgainstFirst.FirstBrokenAnchor.ShouldBe(new BrokenAnchor(1, $"it was published as {published.Hash}; the store now holds {(await Send("/api/audit/anchors/1", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<Anchor>()!.Hash}"));
        (await VerifyStore($"2:{later.Hash.ToUpperInvariant()}")).FirstBrokenAnchor.ShouldNotBeNull().Number.ShouldBe(2);
    }

    [Fact]
    public async Task a_removed_anchor_is_named_and_a_published_anchor_the_store_lacks_is_reported()
    {
        await SignedAgreement();
        var first = await Seal();
        await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "TFM", RequestedOn: null));
        await Seal();

        (await VerifyStore($"3:{first.Hash}")).FirstBrokenAnchor.ShouldBe(new BrokenAnchor(3, "it was published but is not in the store"));
        await ExecuteSql($"delete from {Schema}.{TamperEvidence.AnchorsTable} where number = 1", allowPurge: true);
        (await VerifyStore()).FirstBrokenAnchor.ShouldBe(new BrokenAnchor(1, "it is missing"));
        await ExecuteSql($"delete from {Schema}.{TamperEvidence.AnchorsTable}", allowPurge: true);
        (await VerifyStore()).FirstBrokenAnchor.ShouldBe(new BrokenAnchor(1, "events are sealed with its number but the anchor is missing"));
    }

    [Theory]
    [InlineData("update {0}.store_anchors set hash = hash")]
    [InlineData("delete from {0}.store_anchors")]
    [InlineData("truncate {0}.store_anchors")]
    [InlineData("update {0}.event_hashes set hash = hash")]
    [InlineData("update {0}.event_hashes set anchor = null")]
    [InlineData("delete from {0}.event_hashes")]
    [InlineData("truncate {0}.event_hashes")]
    public async Task the_database_refuses_to_rewrite_or_remove_hashes_and_anchors(string sql)
    {
        await SignedAgreement();
        await Seal();

        var refused = await Should.ThrowAsync<PostgresException>(() => ExecuteSql(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, Schema), allowPurge: false));

        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        refused.MessageText.ShouldStartWith("the audit record is append-only");
        (await VerifyStore()).ShouldBe(new StoreVerificationResult(true, 2, null, 1, 0, null));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("1:abc")]
    [InlineData("x:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("1:000000000000000000000000000000000000000000000000000000000000000g")]
    public async Task a_malformed_published_anchor_is_a_400(string anchor)
    {
        var problem = await Problem($"/api/audit/verify?anchor={anchor}", null, HttpStatusCode.BadRequest, App.TokenFor(Auditor), "GET");

        problem.Detail.ShouldNotBeNull().ShouldContain("NUMBER:HASH");
    }

    [Fact]
    public async Task only_the_program_office_and_auditors_seal_and_verify_the_store()
    {
        await SignedAgreement();

        await Send("/api/audit/anchors", null, null, HttpStatusCode.Unauthorized);
        await Send("/api/audit/anchors", null, App.TokenFor(Agency, "fl-hernando-county-sheriffs-office"), HttpStatusCode.Forbidden);
        await Send("/api/audit/verify", null, null, HttpStatusCode.Unauthorized, "GET");
        await Send("/api/audit/verify", null, App.TokenFor(Agency, "fl-hernando-county-sheriffs-office"), HttpStatusCode.Forbidden, "GET");
        (await VerifyStore()).UnsealedEvents.ShouldBe(2);
    }

    [Theory]
    [InlineData("2026-11-30T15:00:00Z", "1.00:00:00", "09:00:00")]
    [InlineData("2026-11-30T00:00:00Z", "1.00:00:00", "1.00:00:00")]
    [InlineData("2026-11-30T23:59:59Z", "01:00:00", "00:00:01")]
    public void scheduled_seals_fall_on_whole_multiples_of_the_period(string now, string every, string expected)
    {
        AnchorSchedule.UntilNext(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Parse(every, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }
}
