using System.Net;
using System.Net.Http.Headers;
using EventSourcedAgreements.Idempotency;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Reliability;

public sealed class IdempotencyTests(AppFixture app) : AppTest(app)
{
    private sealed record Answer(HttpStatusCode Status, string Body, bool Replayed, string? Location, string? ContentType);

    private async Task<Answer> Post(string url, object body, string key, string? token = null)
    {
        var result = await Service.PostAsync(url, body, expected: null, token, new Dictionary<string, string> { [IdempotencyKeys.Header] = key });
        var response = result.Context.Response;
        return new Answer(
            (HttpStatusCode)response.StatusCode,
            await result.ReadAsTextAsync(),
            response.Headers[IdempotencyKeys.ReplayedHeader].ToString() == "true",
            response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            response.ContentType is { } type ? MediaTypeHeaderValue.Parse(type).MediaType : null);
    }

    private Task<long> EventCount() => App.CountEventsAsync();

    [Fact]
    public async Task a_retry_with_the_same_key_and_body_gets_the_first_answer_and_records_nothing()
    {
        var first = await Post("/api/agreements", HernandoJem, "request-1");
        var retry = await Post("/api/agreements", HernandoJem, "request-1");

        first.Status.ShouldBe(HttpStatusCode.Created);
        first.Replayed.ShouldBeFalse();
        retry.ShouldBe(first with { Replayed = true });
        (await EventCount()).ShouldBe(1);
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_a_422_and_records_nothing()
    {
        await Post("/api/agreements", HernandoJem, "request-2");

        var reused = await Post(CommandRoute.For<RequestAgreement>(Guid.Empty), new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "TFM", RequestedOn: null), "request-2");
        var elsewhere = await Post(CommandRoute.For<SignAgreement>(Guid.NewGuid()), new SignAgreement(new DateOnly(2019, 1, 22), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), "request-2");

        foreach (var answer in new[] { reused, elsewhere })
        {
            answer.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
            answer.ContentType.ShouldBe("application/problem+json");
            answer.Body.ShouldContain("Idempotency key reused");
        }

        (await EventCount()).ShouldBe(1);
    }

    [Fact]
    public async Task a_refused_command_is_answered_the_same_way_again()
    {
        var id = await SignedAgreement();

        var first = await Post(CommandRoute.For<SignAgreement>(id), new SignAgreement(new DateOnly(2019, 1, 22), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), "sign-again");
        await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null));
        var retry = await Post(CommandRoute.For<SignAgreement>(id), new SignAgreement(new DateOnly(2019, 1, 22), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), "sign-again");

        first.Status.ShouldBe(HttpStatusCode.Conflict);
        retry.ShouldBe(first with { Replayed = true });
    }

    [Fact]
    public async Task concurrent_retries_with_one_key_record_the_command_once_and_all_get_its_answer()
    {
        var id = await SignedAgreement();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Post(CommandRoute.For<AmendAgreement>(id), new AmendAgreement(new DateOnly(2019, 3, 1), "Training", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), "amend-once")));

        answers.ShouldAllBe(answer => answer.Status == HttpStatusCode.OK);
        answers.Select(answer => answer.Body).Distinct().ShouldHaveSingleItem().ShouldContain("\"version\":3");
        answers.Count(answer => !answer.Replayed).ShouldBe(1);
        (await Events(id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task keys_belong_to_their_caller()
    {
        var id = await SignedAgreement();
        var other = App.TokenFor(Roles.ProgramOfficer, name: "Another Officer");

        var first = await Post(CommandRoute.For<AmendAgreement>(id), new AmendAgreement(new DateOnly(2019, 3, 1), "Training", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), "shared-key");
        var theirs = await Post(CommandRoute.For<AmendAgreement>(id), new AmendAgreement(new DateOnly(2019, 3, 2), "Another", MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), "shared-key", other);

        first.Status.ShouldBe(HttpStatusCode.OK);
        theirs.Status.ShouldBe(HttpStatusCode.OK);
        theirs.Replayed.ShouldBeFalse();
        (await Events(id)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task a_key_is_kept_for_a_day_and_afterwards_counts_as_new()
    {
        var id = await SignedAgreement();
        var amend = new { effectiveOn = "2019-03-01", summary = "Training" };
        await Post($"/api/agreements/{id}/amend", amend, "daily");

        await ExecuteSql($"update {Schema}.{IdempotencyKeys.Table} set created_at = now() - interval '23 hours 59 minutes'", allowPurge: false);
        (await Post($"/api/agreements/{id}/amend", amend, "daily")).Replayed.ShouldBeTrue();
        await ExecuteSql($"update {Schema}.{IdempotencyKeys.Table} set created_at = now() - interval '24 hours 1 minute'", allowPurge: false);
        var afterADay = await Post($"/api/agreements/{id}/amend", amend, "daily");

        afterADay.Replayed.ShouldBeFalse();
        afterADay.Status.ShouldBe(HttpStatusCode.OK);
        (await Events(id)).Count.ShouldBe(4);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("é")]
    public async Task a_key_that_is_not_visible_ascii_is_a_400(string key)
    {
        var answer = await Post("/api/agreements", HernandoJem, key);

        answer.Status.ShouldBe(HttpStatusCode.BadRequest);
        answer.ContentType.ShouldBe("application/problem+json");
        (await EventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task a_key_longer_than_255_characters_is_a_400()
    {
        (await Post("/api/agreements", HernandoJem, new string('k', 256))).Status.ShouldBe(HttpStatusCode.BadRequest);
    }
}
