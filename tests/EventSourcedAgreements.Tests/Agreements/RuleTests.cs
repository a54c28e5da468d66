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

    public static TheoryData<Stage, string, object, HttpStatusCode, string> Violations() => new()
    {
        { Stage.Active, "sign", new { signedOn = "2019-02-01" }, HttpStatusCode.Conflict, "it is Active; sign needs Requested" },
        { Stage.Terminated, "amend", new { effectiveOn = "2021-01-01", summary = "late change" }, HttpStatusCode.Conflict, "it is Terminated" },
        { Stage.Requested, "terminate", new { effectiveOn = "2019-02-01", initiatedBy = "ICE", reason = "no" }, HttpStatusCode.Conflict, "it is Requested" },
        { Stage.Requested, "suspend", new { effectiveOn = "2019-02-01", reason = "no" }, HttpStatusCode.Conflict, "it is Requested" },
        { Stage.Active, "reinstate", new { effectiveOn = "2019-02-01" }, HttpStatusCode.Conflict, "it is Active; reinstate needs Suspended" },
        { Stage.Active, "withdraw", new { reason = "changed our mind" }, HttpStatusCode.Conflict, "it is Active; withdraw needs Requested" },
        { Stage.Active, "reject", new { reason = "too late" }, HttpStatusCode.Conflict, "reject needs Requested" },
        { Stage.Suspended, "suspend", new { effectiveOn = "2019-08-01", reason = "again" }, HttpStatusCode.Conflict, "it is Suspended" },
        { Stage.Terminated, "renew", new { signedOn = "2021-01-01" }, HttpStatusCode.Conflict, "it is Terminated" },
        { Stage.Requested, "sign", new { signedOn = "2018-12-31" }, HttpStatusCode.Conflict, "signedOn 2018-12-31 is before the request of 2019-01-02" },
        { Stage.Requested, "sign", new { signedOn = "2099-01-01" }, HttpStatusCode.Conflict, "signedOn 2099-01-01 is after today" },
        { Stage.Requested, "sign", new { signedOn = "2019-01-22", expiresOn = "2019-01-01" }, HttpStatusCode.Conflict, "expiresOn 2019-01-01 must be after the signing 2019-01-22" },
        { Stage.Active, "amend", new { effectiveOn = "2019-01-21", summary = "backdated" }, HttpStatusCode.Conflict, "effectiveOn 2019-01-21 is before the signing of the MOA in force 2019-01-22" },
        { Stage.Active, "suspend", new { effectiveOn = "2019-01-01", reason = "audit" }, HttpStatusCode.Conflict, "effectiveOn 2019-01-01 is before the signing" },
        { Stage.Active, "terminate", new { effectiveOn = "2019-01-01", initiatedBy = "ICE", reason = "x" }, HttpStatusCode.Conflict, "effectiveOn 2019-01-01 is before the signing" },
        { Stage.Suspended, "reinstate", new { effectiveOn = "2019-05-31" }, HttpStatusCode.Conflict, "effectiveOn 2019-05-31 is before the suspension of 2019-06-01" },
        { Stage.Active, "renew", new { signedOn = "2019-01-22" }, HttpStatusCode.Conflict, "must be after the signing of the MOA in force 2019-01-22" },
        { Stage.Active, "expire", new { }, HttpStatusCode.Conflict, "has no expiry date" },
        { Stage.Active, "amend", new { effectiveOn = "2019-03-01", summary = "x", expectedVersion = 1 }, HttpStatusCode.Conflict, "is at version 2, not 1" },
        { Stage.Active, "sign", new { signedOn = "2019-02-30" }, HttpStatusCode.BadRequest, "$.signedOn" },
        { Stage.Active, "amend", new { effectiveOn = "2019-13-01", summary = "x" }, HttpStatusCode.BadRequest, "$.effectiveOn" },
        { Stage.Requested, "sign", new { }, HttpStatusCode.BadRequest, "signedOn is required" },
        { Stage.Requested, "sign", new { signedOn = "2019-01-22", moaUrl = "ftp://ice.gov/moa.pdf" }, HttpStatusCode.BadRequest, "moaUrl must be an absolute http or https URL" },
        { Stage.Requested, "sign", new { signedOn = "2019-01-22", moaUrl = "/doclib/moa.pdf" }, HttpStatusCode.BadRequest, "moaUrl must be an absolute http or https URL" },
        { Stage.Requested, "sign", new { signedOn = "2019-01-22", moaUrl = "https://ice.gov/" + new string('a', 2100) }, HttpStatusCode.BadRequest, "the limit is 2048" },
        { Stage.Active, "amend", new { effectiveOn = "2019-03-01", summary = new string('x', 2001) }, HttpStatusCode.BadRequest, "summary is 2001 characters long; the limit is 2000" },
        { Stage.Active, "amend", new { effectiveOn = "2019-03-01", summary = "  " }, HttpStatusCode.BadRequest, "summary is required" },
        { Stage.Active, "terminate", new { effectiveOn = "2020-01-01", initiatedBy = "Governor", reason = "x" }, HttpStatusCode.BadRequest, "'Governor' is not who may end an agreement" },
        { Stage.Active, "suspend", new { effectiveOn = "2020-01-01", reason = "x", expectedVersion = 0 }, HttpStatusCode.BadRequest, "expectedVersion must be 1 or more" },
        { Stage.Requested, "reject", new { }, HttpStatusCode.BadRequest, "reason is required" },
        { Stage.Requested, "reject", new { reason = "a\u0000b" }, HttpStatusCode.BadRequest, "reason contains control characters" },
        { Stage.Active, "amend", new { effectiveOn = "2019-03-01", summary = "x", moaUrl = "https://ice.gov/a\u0000.pdf" }, HttpStatusCode.BadRequest, "moaUrl must be an absolute http or https URL" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task a_command_that_breaks_a_rule_is_refused_and_appends_nothing(Stage stage, string action, object body, HttpStatusCode status, string explanation)
    {
        var id = await At(stage);
        var before = (await Events(id)).Count;

        var problem = await Problem($"/api/agreements/{id}/{action}", body, status);

        problem.Detail.ShouldNotBeNull().ShouldContain(explanation);
        (await Events(id)).Count.ShouldBe(before);
        (await Details(id)).Version.ShouldBe(before);
    }

    public static TheoryData<object, string> InvalidRequests() => new()
    {
        { new { state = "Atlantis", agencyName = "Sheriff", model = "JEM" }, "state" },
        { new { state = "FL", agencyName = "Sheriff", model = "Border Patrol Model" }, "model" },
        { new { state = "FL", model = "JEM" }, "agencyName" },
        { new { state = "FL", agencyName = "!!!", model = "JEM" }, "agencyName" },
        { new { state = "FL", agencyName = new string('a', 201), model = "JEM" }, "agencyName" },
        { new { state = "FL", agencyName = "Sheriff", model = "JEM", county = new string('c', 101) }, "county" },
        { new { state = "FL", agencyName = "Sheriff", model = "JEM", agencyType = "Galactic" }, "agencyType" },
        { new { agencyName = "Sheriff", model = "JEM" }, "state" },
        { new { state = "FL", agencyName = "Nul\u0000 Office", model = "JEM" }, "agencyName" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task an_invalid_request_is_a_400_naming_the_field_and_creates_nothing(object body, string field)
    {
        var result = await Send("/api/agreements", body, Officer, HttpStatusCode.BadRequest);

        var problem = result.ReadAsJson<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>()!;
        problem.Errors.Keys.ShouldContain(field);
        (await AllAgreementIds()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sign", "{\"signedOn\":\"2019-02-30\"}", "signedOn")]
    [InlineData("sign", "{\"signedOn\":\"22/01/2019\"}", "signedOn")]
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

        (await Problem($"/api/agreements/{unknown}/sign", new { signedOn = "2019-01-22" }, HttpStatusCode.NotFound)).Detail.ShouldBe($"No agreement has the id {unknown}.");
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

        await Command($"/api/agreements/{id}/sign", new { signedOn = "2019-01-22" });
        if (stage == Stage.Suspended)
        {
            await Command($"/api/agreements/{id}/suspend", new { effectiveOn = "2019-06-01", reason = "audit" });
        }
        else if (stage == Stage.Terminated)
        {
            await Command($"/api/agreements/{id}/terminate", new { effectiveOn = "2020-06-01", initiatedBy = "Agency", reason = "budget" });
        }

        return id;
    }

    private async Task<List<Guid>> AllAgreementIds() =>
        (await Send("/api/agreements", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<List<EventSourcedAgreements.Agreements.Agreement>>()!.Select(a => a.Id).ToList();
}
