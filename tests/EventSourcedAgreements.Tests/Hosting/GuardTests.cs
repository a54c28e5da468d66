using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedAgreements.Tests.Hosting;

public sealed class GuardTests(AppFixture app) : AppTest(app)
{
    private HttpClient Client(string? token)
    {
        var client = App.Host.Server.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [Fact]
    public async Task every_answer_carries_the_security_headers_and_answers_to_credentials_are_not_cached()
    {
        using var client = Client(Officer);

        using var answer = await client.GetAsync("/api/participants?asOf=2019-05");
        using var problem = await client.GetAsync("/api/agreements/not-a-guid/history");

        foreach (var response in new[] { answer, problem })
        {
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
            response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
            response.Headers.GetValues("Content-Security-Policy").ShouldBe(["default-src 'none'; frame-ancestors 'none'"]);
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }

        using var anonymous = Client(null);
        using var page = await anonymous.GetAsync("/scalar/");
        page.Headers.Contains("Content-Security-Policy").ShouldBeFalse();
        page.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task liveness_needs_only_the_process_and_readiness_asks_postgresql()
    {
        using var client = Client(null);

        (await client.GetStringAsync("/health/live")).ShouldBe("Healthy");
        (await client.GetStringAsync("/health/ready")).ShouldBe("Healthy");
    }

    [Fact]
    public async Task a_command_body_over_one_mebibyte_is_a_413_whether_its_length_is_declared_or_not_and_appends_nothing()
    {
        using var client = Client(Officer);
        var body = $$"""{"state":"FL","agencyName":"{{new string('a', 1_100_000)}}","model":"JEM"}""";
        var before = await EventCount();

        using var declared = await client.PostAsync("/api/agreements", new StringContent(body, Encoding.UTF8, "application/json"));
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/agreements")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body))) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        using var streamed = await client.SendAsync(chunked);

        foreach (var response in new[] { declared, streamed })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
            problem.Status.ShouldBe(413);
            problem.Detail!.ShouldContain("1,048,576 bytes");
        }

        (await EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task writes_beyond_the_limit_per_caller_are_a_429_with_retry_after_and_other_callers_go_on()
    {
        var database = await App.Postgres.CreateDatabaseAsync();
        await using var host = await AppFixture.StartHostAsync(database, ("Guards:WritesPerMinute", "3"));
        using var client = host.Server.CreateClient();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthSettings>>().Value;
        string TokenOf(string name) => TokenIssuer.Issue(options, Roles.ProgramOfficer, name, null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

        async Task<HttpResponseMessage> Request(string token, int n)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/agreements")
            {
                Content = JsonContent.Create(new { state = "TX", agencyName = $"Limit County {n} Sheriff's Office", model = "JEM", requestedOn = "2019-01-02" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.SendAsync(request);
        }

        var first = TokenOf("First Officer");
        var statuses = new List<HttpStatusCode>();
        for (var n = 0; n < 3; n++)
        {
            statuses.Add((await Request(first, n)).StatusCode);
        }

        using var refused = await Request(first, 3);
        using var other = await Request(TokenOf("Second Officer"), 4);

        statuses.ShouldAllBe(status => status == HttpStatusCode.Created);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        other.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.GetAsync("/api/agreements?state=TX")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_request_over_the_time_limit_is_a_504_problem_that_tells_nothing_of_the_inside()
    {
        var database = await App.Postgres.CreateDatabaseAsync();
        await using var host = await AppFixture.StartHostAsync(database, ("Guards:RequestTimeout", "00:00:00.200"));
        using var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenIssuer.Issue(
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthSettings>>().Value, Roles.ProgramOfficer, "Slow Officer", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        var body = Encoding.UTF8.GetBytes("""{"state":"TX","agencyName":"Slow County Sheriff's Office","model":"JEM"}""");

        using var response = await client.PostAsync("/api/agreements", new StreamContent(new SlowStream(body, TimeSpan.FromSeconds(2))) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var answer = await response.Content.ReadAsStringAsync();
        answer.ShouldNotContain("   at ");
        answer.ShouldNotContain("Exception");
        answer.ShouldNotContain("Host=");
        (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail.ShouldStartWith("The request took longer than the service allows");
    }

    [Fact]
    public void a_server_error_keeps_its_trace_id_and_loses_every_internal_detail()
    {
        var problem = new ProblemDetails { Status = 500, Detail = "Npgsql: Host=db;Password=secret" };
        problem.Extensions["exception"] = new { details = "System.InvalidOperationException at Foo.Bar()" };
        problem.Extensions["traceId"] = "00-abc-01";

        EventSourcedAgreements.Hosting.JsonProblemFields.HideInternals(new Microsoft.AspNetCore.Http.ProblemDetailsContext { HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext(), ProblemDetails = problem });

        problem.Extensions.Keys.ShouldBe(["traceId"]);
        problem.Detail.ShouldBe("The service failed to answer this request; the failure is logged under this trace id.");
    }

    private Task<long> EventCount() => App.CountEventsAsync();

    /// <summary>A body whose bytes arrive only after <paramref name="delay"/>: a request that takes that long whatever the machine.</summary>
    private sealed class SlowStream(byte[] bytes, TimeSpan delay) : MemoryStream(bytes)
    {
        private bool waited;

        public override bool CanSeek => false;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!waited)
            {
                waited = true;
                await Task.Delay(delay, cancellationToken);
            }

            return await base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
