using System.Net;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Agreements;

public sealed class RuleTests(AppFixture app) : AppTest(app)
{
    public enum Stage
    {
        Requested,
        Active,
        Suspended,
        Terminated,
    }

    public static TheoryData<Stage, object, HttpStatusCode, string> Violations() => new()
    {
        { Stage.Active, new SignAgreement(D("2019-02-01"), null, null, null), HttpStatusCode.Conflict, "it is Active; sign needs Requested" },
        { Stage.Terminated, new AmendAgreement(D("2021-01-01"), "late change", null, null, null), HttpStatusCode.Conflict, "it is Terminated" },
        { Stage.Requested, new TerminateAgreement(D("2019-02-01"), "ICE", "no", null), HttpStatusCode.Conflict, "it is Requested" },
        { Stage.Requested, new SuspendAgreement(D("2019-02-01"), "no", null), HttpStatusCode.Conflict, "it is Requested" },
        { Stage.Active, new ReinstateAgreement(D("2019-02-01"), null), HttpStatusCode.Conflict, "it is Active; reinstate needs Suspended" },
        { Stage.Active, new WithdrawRequest("changed our mind", null), HttpStatusCode.Conflict, "it is Active; withdraw needs Requested" },
        { Stage.Active, new RejectRequest("too late", null), HttpStatusCode.Conflict, "reject needs Requested" },
        { Stage.Suspended, new SuspendAgreement(D("2019-08-01"), "again", null), HttpStatusCode.Conflict, "it is Suspended" },
        { Stage.Terminated, new RenewAgreement(D("2021-01-01"), null, null, null), HttpStatusCode.Conflict, "it is Terminated" },
        { Stage.Requested, new SignAgreement(D("2018-12-31"), null, null, null), HttpStatusCode.Conflict, "signedOn 2018-12-31 is before the request of 2019-01-02" },
        { Stage.Requested, new SignAgreement(D("2099-01-01"), null, null, null), HttpStatusCode.Conflict, "signedOn 2099-01-01 is after today" },
        { Stage.Requested, new SignAgreement(D("2019-01-22"), null, D("2019-01-01"), null), HttpStatusCode.Conflict, "expiresOn 2019-01-01 must be after the signing 2019-01-22" },
        { Stage.Active, new AmendAgreement(D("2019-01-21"), "backdated", null, null, null), HttpStatusCode.Conflict, "effectiveOn 2019-01-21 is before the signing of the MOA in force 2019-01-22" },
        { Stage.Active, new SuspendAgreement(D("2019-01-01"), "audit", null), HttpStatusCode.Conflict, "effectiveOn 2019-01-01 is before the signing" },
        { Stage.Active, new TerminateAgreement(D("2019-01-01"), "ICE", "x", null), HttpStatusCode.Conflict, "effectiveOn 2019-01-01 is before the signing" },
        { Stage.Suspended, new ReinstateAgreement(D("2019-05-31"), null), HttpStatusCode.Conflict, "effectiveOn 2019-05-31 is before the suspension of 2019-06-01" },
        { Stage.Active, new RenewAgreement(D("2019-01-22"), null, null, null), HttpStatusCode.Conflict, "must be after the signing of the MOA in force 2019-01-22" },
        { Stage.Active, new RecordExpiry(null), HttpStatusCode.Conflict, "has no expiry date" },
        { Stage.Active, new AmendAgreement(D("2019-03-01"), "x", null, null, 1), HttpStatusCode.Conflict, "is at version 2, not 1" },
        { Stage.Requested, new SignAgreement(null, null, null, null), HttpStatusCode.BadRequest, "signedOn is required" },
        { Stage.Requested, new SignAgreement(D("2019-01-22"), "ftp://ice.gov/moa.pdf", null, null), HttpStatusCode.BadRequest, "moaUrl must be an absolute http or https URL" },
        { Stage.Requested, new SignAgreement(D("2019-01-22"), "/doclib/moa.pdf", null, null), HttpStatusCode.BadRequest, "moaUrl must be an absolute http or https URL" },
        { Stage.Requested, new SignAgreement(D("2019-01-22"), "https://ice.gov/" + new string('a', 2100), null, null), HttpStatusCode.BadRequest, "the limit is 2048" },
        { Stage.Active, new AmendAgreement(D("2019-03-01"), new string('x', 2001), null, null, null), HttpStatusCode.BadRequest, "summary is 2001 characters long; the limit is 2000" },
        { Stage.Active, new AmendAgreement(D("2019-03-01"), "  ", null, null, null), HttpStatusCode.BadRequest, "summary is required" },
        { Stage.Active, new TerminateAgreement(D("2020-01-01"), "Governor", "x", null), HttpStatusCode.BadRequest, "'Governor' is not who may end an agreement" },
        { Stage.Active, new SuspendAgreement(D("2020-01-01"), "x", 0), HttpStatusCode.BadRequest, "expectedVersion must be 1 or more" },
        { Stage.Requested, new RejectRequest(null, null), HttpStatusCode.BadRequest, "reason is required" },
        { Stage.Requested, new RejectRequest("a\u0000b", null), HttpStatusCode.BadRequest, "reason contains control characters" },
        { Stage.Active, new AmendAgreement(D("2019-03-01"), "x", "https://ice.gov/a\u0000.pdf", null, null), HttpStatusCode.BadRequest, "moaUrl must be an absolute http or https URL" },
    };

    private static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task a_command_that_breaks_a_rule_is_refused_and_appends_nothing(Stage stage, object command, HttpStatusCode status, string explanation)
    {
        var id = await At(stage);
        var before = (await Events(id)).Count;

        var problem = await Problem(CommandRoute.For(command.GetType(), id), command, status);

        problem.Detail.ShouldNotBeNull().ShouldContain(explanation);
        (await Events(id)).Count.ShouldBe(before);
        (await Details(id)).Version.ShouldBe(before);
    }

    public static TheoryData<RequestAgreement, string> InvalidRequests() => new()
    {
        { new RequestAgreement("Atlantis", "Sheriff", null, null, "JEM", null), "state" },
        { new RequestAgreement("FL", "Sheriff", null, null, "Border Patrol Model", null), "model" },
        { new RequestAgreement("FL", null, null, null, "JEM", null), "agencyName" },
        { new RequestAgreement("FL", "!!!", null, null, "JEM", null), "agencyName" },
        { new RequestAgreement("FL", new string('a', 201), null, null, "JEM", null), "agencyName" },
        { new RequestAgreement("FL", "Sheriff", null, new string('c', 101), "JEM", null), "county" },
        { new RequestAgreement("FL", "Sheriff", "Galactic", null, "JEM", null), "agencyType" },
        { new RequestAgreement(null, "Sheriff", null, null, "JEM", null), "state" },
        { new RequestAgreement("FL", "Nul\u0000 Office", null, null, "JEM", null), "agencyName" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task an_invalid_request_is_a_400_naming_the_field_and_creates_nothing(RequestAgreement request, string field)
    {
        var result = await Service.PostAsync(CommandRoute.For<RequestAgreement>(Guid.Empty), request, HttpStatusCode.BadRequest);

        var problem = result.ReadAsJson<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>()!;
        problem.Errors.Keys.ShouldContain(field);
        (await AllAgreementIds()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sign", "{\"signedOn\":\"2019-02-30\"}", "signedOn")]
    [InlineData("sign", "{\"signedOn\":\"22/01/2019\"}", "signedOn")]
    [InlineData("amend", "{\"effectiveOn\":\"2019-13-01\",\"summary\":\"x\"}", "effectiveOn")]
    [InlineData("amend", "{\"effectiveOn\":\"2019-03-01\",\"summary\":\"x\",\"expectedVersion\":\"two\"}", "expectedVersion")]
    [InlineData("amend", "{\"effectiveOn\":\"2019-03-01\",\"summary\":\"x\",\"expectedVersion\":\"2\"}", "expectedVersion")]
    [InlineData("amend", "{\"effectiveOn\":\"2019-03-01\",\"summary\":\"x\",\"expectedVersion\":99999999999}", "expectedVersion")]
    public async Task a_value_that_cannot_be_read_is_a_400_naming_the_field(string action, string json, string field)
    {
        var id = await At(Stage.Active);

        var result = await App.Host.Scenario(s =>
        {
            s.Post.Text(json).ToUrl($"/api/agreements/{id}/{action}");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", $"Bearer {Officer}");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        var problem = result.ReadAsJson<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>()!;
        problem.Errors.Keys.ShouldBe([field]);
        problem.Detail.ShouldNotBeNull().ShouldNotContain("EventSourcedAgreements");
        (await Events(id)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("/api/agreements")]
    [InlineData("/api/agreements/{id}/sign")]
    [InlineData("/api/agreements/{id}/terminate")]
    [InlineData("/api/agreements/{id}/withdraw")]
    [InlineData("/api/agreements/{id}/expire")]
    public async Task a_null_body_is_a_400(string route)
    {
        var id = await Requested();

        var result = await App.Host.Scenario(s =>
        {
            s.Post.Text("null").ToUrl(route.Replace("{id}", id.ToString(), StringComparison.Ordinal));
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", $"Bearer {Officer}");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        result.ReadAsJson<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>()!.Errors.Keys.ShouldBe(["body"]);
        (await AllAgreementIds()).ShouldBe([id]);
        (await Events(id)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("sign")]
    [InlineData("withdraw")]
    [InlineData("expire")]
    public async Task the_empty_id_is_a_404(string action)
    {
        var problem = await Problem($"/api/agreements/{Guid.Empty}/{action}", action == "sign" ? new { signedOn = "2019-01-22" } : new { }, HttpStatusCode.NotFound);

        problem.Detail.ShouldBe($"No agreement has the id {Guid.Empty}.");
    }

    [Fact]
    public async Task a_request_dated_in_the_future_is_refused()
    {
        var problem = await Problem("/api/agreements", new { state = "FL", agencyName = "Sheriff", model = "JEM", requestedOn = "2099-01-01" }, HttpStatusCode.Conflict);

        problem.Detail.ShouldNotBeNull().ShouldContain("requestedOn 2099-01-01 is after today");
        (await AllAgreementIds()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_second_open_agreement_for_the_same_agency_and_model_is_refused_whatever_the_spelling()
    {
        var first = await Requested();

        var problem = await Problem(
            "/api/agreements",
            new { state = "Florida", agencyName = "HERNANDO COUNTY SHERIFFS OFFICE ", model = "jail enforcement model" },
            HttpStatusCode.Conflict);

        problem.Detail.ShouldNotBeNull().ShouldContain($"already holds JEM agreement {first}, which is Requested");
        (await AllAgreementIds()).ShouldBe([first]);
    }

    [Fact]
    public async Task an_unknown_agreement_is_a_404_for_commands_and_queries()
    {
        var unknown = Guid.CreateVersion7();

        (await Problem(unknown, new SignAgreement(new DateOnly(2019, 1, 22), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null), HttpStatusCode.NotFound)).Detail.ShouldBe($"No agreement has the id {unknown}.");
        (await Problem($"/api/agreements/{unknown}", null, HttpStatusCode.NotFound, method: "GET")).Detail.ShouldBe($"No agreement has the id {unknown}.");
        (await Problem($"/api/agreements/{unknown}/history", null, HttpStatusCode.NotFound, method: "GET")).Detail.ShouldBe($"No agreement has the id {unknown}.");
        (await Problem("/api/agencies/fl-nowhere", null, HttpStatusCode.NotFound, method: "GET")).Detail.ShouldBe("No agency has the id 'fl-nowhere'.");
    }

    [Fact]
    public async Task an_invalid_list_filter_is_a_400()
    {
        var problem = await Problem("/api/agreements?state=Atlantis&status=Dormant", null, HttpStatusCode.BadRequest, method: "GET");

        problem.Detail.ShouldNotBeNull().ShouldContain("'Atlantis' is not a US state");
        problem.Detail.ShouldContain("'Dormant' is not a status");
    }

    [Fact]
    public async Task a_malformed_body_is_a_400_problem()
    {
        var id = await Requested();

        var result = await App.Host.Scenario(s =>
        {
            s.Post.Text("{\"signedOn\":").ToUrl($"/api/agreements/{id}/sign");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", $"Bearer {Officer}");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        (await Events(id)).Count.ShouldBe(1);
    }

    private async Task<Guid> At(Stage stage)
    {
        var id = await Requested();
        if (stage == Stage.Requested)
        {
            return id;
        }

        await Send(id, new SignAgreement(new DateOnly(2019, 1, 22), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));
        if (stage == Stage.Suspended)
        {
            await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", ExpectedVersion: null));
        }
        else if (stage == Stage.Terminated)
        {
            await Send(id, new TerminateAgreement(new DateOnly(2020, 6, 1), "Agency", "budget", ExpectedVersion: null));
        }

        return id;
    }

    private async Task<List<Guid>> AllAgreementIds() =>
        (await Service.AllAsync<EventSourcedAgreements.Agreements.Agreement>("/api/agreements")).Select(a => a.Id).ToList();
}
