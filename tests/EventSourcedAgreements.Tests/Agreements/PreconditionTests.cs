using System.Net;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Agreements;

public sealed class PreconditionTests(AppFixture app) : AppTest(app)
{
    private async Task<(HttpStatusCode Status, string? ETag, string Body)> Post(string url, object body, string? ifMatch)
    {
        var result = await Service.PostAsync(url, body, expected: null, headers: ifMatch is null ? null : new Dictionary<string, string> { ["If-Match"] = ifMatch });
        return ((HttpStatusCode)result.Context.Response.StatusCode, result.Context.Response.Headers.ETag.ToString() is { Length: > 0 } tag ? tag : null, result.ReadAsText());
    }

    private async Task<(HttpStatusCode Status, string ETag)> Get(Guid id, string? ifNoneMatch = null)
    {
        var result = await Service.ExchangeAsync(
            HttpMethod.Get, $"/api/agreements/{id}", expected: null, bearer: Service.Anonymous, headers: ifNoneMatch is null ? null : new Dictionary<string, string> { ["If-None-Match"] = ifNoneMatch });
        return ((HttpStatusCode)result.Context.Response.StatusCode, result.Context.Response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task the_agreement_answers_its_version_as_etag_and_a_matching_if_none_match_is_a_304()
    {
        var id = await SignedAgreement();

        (await Get(id)).ShouldBe((HttpStatusCode.OK, "\"2\""));
        (await Get(id, "\"2\"")).ShouldBe((HttpStatusCode.NotModified, "\"2\""));
        (await Get(id, "\"1\"")).ShouldBe((HttpStatusCode.OK, "\"2\""));
    }

    [Fact]
    public async Task a_command_sent_if_match_the_current_version_is_accepted_and_answers_the_new_etag()
    {
        var id = await SignedAgreement();

        var (status, tag, _) = await Post(CommandRoute.For<AmendAgreement>(id), new AmendAgreement(new DateOnly(2019, 3, 1), "Training", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), "\"2\"");

        status.ShouldBe(HttpStatusCode.OK);
        tag.ShouldBe("\"3\"");
        (await Get(id)).ETag.ShouldBe("\"3\"");
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"3\"")]
    [InlineData("W/\"2\"")]
    [InlineData("\"1\", \"3\"")]
    public async Task a_command_sent_if_match_another_version_is_a_412_and_appends_nothing(string ifMatch)
    {
        var id = await SignedAgreement();

        var (status, tag, body) = await Post(CommandRoute.For<SuspendAgreement>(id), new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null), ifMatch);

        status.ShouldBe(HttpStatusCode.PreconditionFailed);
        tag.ShouldBeNull();
        body.ShouldContain("Precondition failed");
        body.ShouldContain("version 2");
        (await Events(id)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"1\", \"2\"")]
    public async Task any_version_or_a_list_naming_the_current_one_passes(string ifMatch)
    {
        var id = await SignedAgreement();

        (await Post(CommandRoute.For<SuspendAgreement>(id), new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null), ifMatch)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task an_if_match_that_is_no_entity_tag_is_a_400()
    {
        var id = await SignedAgreement();

        var (status, _, body) = await Post(CommandRoute.For<SuspendAgreement>(id), new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null), "2");

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("If-Match");
        (await Events(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task the_precondition_is_checked_before_the_lifecycle_rules()
    {
        var id = await Requested();

        var problem = EntityTags.Precondition("\"7\"", 1).ShouldNotBeNull();
        problem.Status.ShouldBe(412);
        (await Post(CommandRoute.For<ReinstateAgreement>(id), new ReinstateAgreement(new DateOnly(2019, 6, 1), ExpectedVersion: null), "\"7\"")).Status.ShouldBe(HttpStatusCode.PreconditionFailed);
    }
}
