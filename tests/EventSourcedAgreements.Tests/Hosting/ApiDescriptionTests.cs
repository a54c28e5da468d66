using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Hosting;

public sealed class ApiDescriptionTests(AppFixture app) : AppTest(app)
{
    public static TheoryData<string, string> Endpoints() => new()
    {
        { "post", "/api/agreements" },
        { "get", "/api/agreements" },
        { "get", "/api/agreements/expiring" },
        { "get", "/api/agreements/{id}" },
        { "get", "/api/agreements/{id}/history" },
        { "get", "/api/agreements/{id}/lifecycle" },
        { "post", "/api/agreements/{id}/sign" },
        { "post", "/api/agreements/{id}/amend" },
        { "post", "/api/agreements/{id}/renew" },
        { "post", "/api/agreements/{id}/suspend" },
        { "post", "/api/agreements/{id}/reinstate" },
        { "post", "/api/agreements/{id}/terminate" },
        { "post", "/api/agreements/{id}/withdraw" },
        { "post", "/api/agreements/{id}/reject" },
        { "post", "/api/agreements/{id}/expire" },
        { "post", "/api/agreements/{id}/corrections" },
        { "get", "/api/agreements/{id}/verify" },
        { "post", "/api/agreements/{id}/officers" },
        { "get", "/api/agreements/{id}/officers" },
        { "get", "/api/agreements/{id}/officer-activity" },
        { "get", "/api/officers/{id}" },
        { "get", "/api/officers/summary" },
        { "get", "/api/officers/changes" },
        { "get", "/api/officers/timeline" },
        { "get", "/api/officers/{id}/history" },
        { "post", "/api/officers/{id}/corrections" },
        { "post", "/api/officers/{id}/background-investigation" },
        { "post", "/api/officers/{id}/training" },
        { "post", "/api/officers/{id}/certify" },
        { "post", "/api/officers/{id}/suspend" },
        { "post", "/api/officers/{id}/reinstate" },
        { "post", "/api/officers/{id}/revoke" },
        { "post", "/api/officers/{id}/separate" },
        { "get", "/api/agencies" },
        { "get", "/api/agencies/{agencyId}" },
        { "get", "/api/agencies/{agencyId}/history" },
        { "get", "/api/participants" },
        { "get", "/api/audit" },
        { "get", "/api/audit/anchors" },
        { "post", "/api/audit/anchors" },
        { "get", "/api/audit/anchors/{number}" },
        { "get", "/api/audit/verify" },
        { "get", "/api/participants/summary" },
        { "get", "/api/participants/changes" },
        { "get", "/api/participants/timeline" },
        { "post", "/api/publications" },
        { "get", "/api/publications" },
        { "get", "/api/publications/{id}" },
        { "post", "/api/subscriptions" },
        { "get", "/api/subscriptions" },
        { "get", "/api/subscriptions/{id}" },
        { "delete", "/api/subscriptions/{id}" },
        { "get", "/api/subscriptions/{id}/deliveries" },
        { "get", "/health/live" },
        { "get", "/health/ready" },
        { "get", "/health" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task the_openapi_document_describes_every_endpoint(string method, string route)
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        document.GetProperty("paths").GetProperty(route).TryGetProperty(method, out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task the_health_checks_answer_as_the_document_describes_them_public_and_in_plain_text(string path)
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty("get");
        var healthy = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/plain");

        var answer = await App.Host.Scenario(s => s.Get.Url(path));

        answer.Context.Response.ContentType.ShouldStartWith("text/plain");
        answer.ReadAsText().ShouldBe(healthy.GetProperty("example").GetString());
        operation.GetProperty("security").GetArrayLength().ShouldBe(0);
        operation.GetProperty("tags")[0].GetString().ShouldBe("Health");
    }

    [Fact]
    public async Task the_openapi_document_lists_no_endpoint_the_tests_do_not_know()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name, path.Name)))
            .Order()
            .ToList();
        described.ShouldBe(Endpoints().Select(row => ((string)row[0], (string)row[1])).Order().ToList());
    }

    [Fact]
    public async Task the_openapi_document_says_which_operations_take_a_bearer_token_and_the_roles_and_public_reads_need_none()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
        scheme.GetProperty("bearerFormat").GetString().ShouldBe("JWT");
        document.TryGetProperty("security", out _).ShouldBeFalse("no requirement for every operation: public reads take no token");
        foreach (var (method, route, operation) in Operations(document).Where(o => o.Route.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var secured = operation.TryGetProperty("security", out var security) && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _));
            secured.ShouldBe(!Reliability.AuthorizationMatrixTests.AnyoneMay(method, route), $"{method} {route}");
            if (secured)
            {
                operation.GetProperty("description").GetString()!.ShouldContain("Roles: `", Case.Sensitive, $"{method} {route}");
            }
        }
    }

    [Fact]
    public async Task every_operation_has_a_resource_tag_a_summary_and_a_description_of_its_own()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        document.GetProperty("tags").EnumerateArray().Select(tag => tag.GetProperty("name").GetString()).Order().ShouldBe(ApiContract.Tags.Order());
        foreach (var (method, route, operation) in Operations(document))
        {
            var tags = operation.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()).ToList();
            tags.ShouldBe([ApiContract.Resource(route)], $"{method} {route}");
            if (route.StartsWith("/api/", StringComparison.Ordinal))
            {
                var summary = operation.GetProperty("summary").GetString()!;
                summary.ShouldNotContain("_api_", Case.Sensitive, $"{method} {route}: a summary, not the operation id");
                summary.Length.ShouldBeInRange(10, 121, $"{method} {route}");
                var description = operation.GetProperty("description").GetString()!;
                description.ShouldStartWith(summary.TrimEnd('…'), Case.Sensitive, $"{method} {route}");
                description.ShouldNotContain("_api_", Case.Sensitive, $"{method} {route}: Wolverine's name for the route is no description");
            }
        }

        var agreements = document.GetProperty("paths").GetProperty("/api/agreements").GetProperty("get");
        agreements.GetProperty("tags")[0].GetString().ShouldBe("Agreements");
        document.GetProperty("paths").GetProperty("/api/agreements/{id}/officers").GetProperty("post").GetProperty("tags")[0].GetString().ShouldBe("Officers");
    }

    [Fact]
    public async Task operations_are_named_for_a_client_and_every_parameter_is_described_and_typed_as_read()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        var operations = Operations(document).Where(o => o.Route.StartsWith("/api/", StringComparison.Ordinal)).ToList();

        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()!).ToList();
        ids.ShouldBeUnique();
        ids.ShouldAllBe(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^(?:[A-Z][a-z]+)+$"));
        operations.Single(o => o.Method == "post" && o.Route == "/api/agreements").Operation.GetProperty("operationId").GetString().ShouldBe("RequestAgreement");
        operations.Single(o => o.Method == "get" && o.Route == "/api/agreements").Operation.GetProperty("operationId").GetString().ShouldBe("ListAgreements");

        foreach (var (method, route, operation) in operations)
        {
            foreach (var parameter in operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : default)
            {
                var name = parameter.GetProperty("name").GetString();
                parameter.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace($"{method} {route} {name}");
                if (name == "limit")
                {
                    var schema = parameter.GetProperty("schema");
                    (schema.GetProperty("type").GetString(), schema.GetProperty("minimum").GetInt32(), schema.GetProperty("maximum").GetInt32()).ShouldBe(("integer", 1, 1000), $"{method} {route}");
                }

                if (name is "asOf" or "knownAt")
                {
                    parameter.GetProperty("schema").GetProperty("format").GetString().ShouldBe("date", $"{method} {route} {name}");
                }
            }
        }

        // from and to: the endpoints cannot answer without them.
        var changes = operations.Single(o => o.Route == "/api/participants/changes").Operation.GetProperty("parameters").EnumerateArray().ToList();
        changes.Where(p => p.TryGetProperty("required", out var required) && required.GetBoolean()).Select(p => p.GetProperty("name").GetString()).ShouldBe(["from", "to"]);
    }

    [Fact]
    public async Task a_commands_body_is_required_where_the_endpoint_needs_it_and_optional_where_not()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var sign = schemas.GetProperty("SignAgreement");
        sign.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["signedOn"]);
        sign.GetProperty("properties").GetProperty("signedOn").GetProperty("type").GetString().ShouldBe("string");
        sign.GetProperty("properties").GetProperty("moaUrl").GetProperty("type").EnumerateArray().Select(t => t.GetString()).ShouldBe(["null", "string"], ignoreOrder: true);

        var terminate = schemas.GetProperty("TerminateAgreement");
        terminate.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["effectiveOn", "initiatedBy", "reason"], ignoreOrder: true);
        terminate.GetProperty("properties").TryGetProperty("initiator", out _).ShouldBeFalse("the record works it out from initiatedBy; it reads no such field");

        schemas.GetProperty("NominateOfficer").GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["name", "nominatedOn"], ignoreOrder: true);
        (schemas.GetProperty("WithdrawRequest").TryGetProperty("required", out var withdraw) ? withdraw.GetArrayLength() : 0).ShouldBe(0, "a request may be withdrawn without a reason");

        var problem = schemas.GetProperty("ProblemDetails");
        problem.GetProperty("properties").GetProperty("errors").GetProperty("type").GetString().ShouldBe("object");
        (problem.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False).ShouldBeFalse("a refusal carries members beyond RFC 9457's five");
    }

    [Fact]
    public async Task the_import_declares_its_multipart_body_and_dry_run_and_the_answers_their_csv()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        var paths = document.GetProperty("paths");

        var import = paths.GetProperty("/api/publications").GetProperty("post");
        var form = import.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        form.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["file", "publishedOn"], ignoreOrder: true);
        form.GetProperty("properties").GetProperty("file").GetProperty("format").GetString().ShouldBe("binary");
        import.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldContain("dryRun");

        string[] csv = ["/api/participants", "/api/participants/summary", "/api/participants/changes", "/api/participants/timeline", "/api/officers/changes", "/api/officers/timeline", "/api/audit"];
        foreach (var (method, route, operation) in Operations(document).Where(o => o.Method == "get"))
        {
            operation.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _).ShouldBe(csv.Contains(route), route);
        }
    }

    [Fact]
    public async Task no_operation_declares_the_iresult_wolverine_infers_from_an_endpoint_returning_one()
    {
        var text = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsText();
        var document = JsonDocument.Parse(text).RootElement;

        text.ShouldNotContain("IResult");
        var request = document.GetProperty("paths").GetProperty("/api/agreements").GetProperty("post").GetProperty("responses");
        request.EnumerateObject().Select(response => response.Name).ShouldContain("201");
        request.EnumerateObject().Select(response => response.Name).ShouldNotContain("200");
        document.GetProperty("paths").GetProperty("/api/publications").GetProperty("post").GetProperty("responses").TryGetProperty("200", out _).ShouldBeTrue("a dry run's report, declared by the endpoint");
    }

    [Fact]
    public async Task every_operation_declares_the_refusals_the_services_guards_answer_as_problem_details()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        foreach (var (method, route, operation) in Operations(document).Where(o => o.Route.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var responses = operation.GetProperty("responses");
            List<string> expected = ["503", "504"];
            if (!Reliability.AuthorizationMatrixTests.AnyoneMay(method, route))
            {
                expected.AddRange(["401", "403"]);
            }

            if (method != "get")
            {
                expected.AddRange(["413", "429"]);
            }

            if (method == "post")
            {
                expected.Add("422");
            }

            if (operation.TryGetProperty("parameters", out var parameters) && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "If-Match"))
            {
                expected.Add("412");
            }

            foreach (var status in expected)
            {
                responses.TryGetProperty(status, out var response).ShouldBeTrue($"{method} {route} declares {status}");
                response.GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue($"{method} {route} {status}");
            }
        }
    }

    [Fact]
    public async Task a_route_that_names_nothing_declares_no_404()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        foreach (var (method, route, operation) in Operations(document).Where(o => !o.Route.Contains('{', StringComparison.Ordinal)))
        {
            operation.GetProperty("responses").TryGetProperty("404", out _).ShouldBeFalse($"{method} {route}");
        }

        document.GetProperty("paths").GetProperty("/api/agreements/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Imports one of ICE's lists (multipart: the list as `file`). And more.", "Imports one of ICE's lists (multipart: the list as `file`)")]
    [InlineData("How many officers, e.g. 3 of them: per model.", "How many officers, e.g. 3 of them")]
    [InlineData("One anchor.", "One anchor")]
    [InlineData("No stop at all", "No stop at all")]
    public void a_summary_is_the_comments_first_sentence_or_clause(string comment, string summary) =>
        ApiContract.Summary(comment).ShouldBe(summary);

    private static IEnumerable<(string Method, string Route, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete").Select(operation => (operation.Name, path.Name, operation.Value)));

    [Fact]
    public async Task the_openapi_document_says_every_command_takes_an_idempotency_key_and_if_match()
    {
        var document = (await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        var commands = Endpoints().Select(row => ((string)row[0], (string)row[1])).Where(row => row.Item1 == "post").ToList();
        foreach (var (_, route) in commands)
        {
            var parameters = document.GetProperty("paths").GetProperty(route).GetProperty("post").GetProperty("parameters").EnumerateArray()
                .Select(parameter => (parameter.GetProperty("name").GetString(), parameter.GetProperty("in").GetString()))
                .ToList();
            parameters.ShouldContain(("Idempotency-Key", "header"), route);
            if (route.StartsWith("/api/officers/{id}/", StringComparison.Ordinal) || (route.StartsWith("/api/agreements/{id}/", StringComparison.Ordinal) && route != "/api/agreements/{id}/officers"))
            {
                parameters.ShouldContain(("If-Match", "header"), route);
            }
        }
    }

    [Fact]
    public async Task enums_are_written_as_names_in_the_document_and_the_answers()
    {
        var id = await Requested();

        var body = (await Send($"/api/agreements/{id}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();

        body.GetProperty("status").GetString().ShouldBe("Requested");
        body.GetProperty("model").GetString().ShouldBe("JEM");
        body.GetProperty("agencyType").GetString().ShouldBe("County");
    }

    [Fact]
    public async Task the_api_reference_page_is_served()
    {
        var redirect = await Send("/scalar", null, null, HttpStatusCode.Redirect, "GET");
        redirect.Context.Response.Headers.Location.ToString().ShouldBe("scalar/");
        var page = await Send("/scalar/", null, null, HttpStatusCode.OK, "GET");

        var html = page.ReadAsText();
        html.ShouldContain("<title>Scalar API Reference</title>");
        html.ShouldContain("openapi/v1.json");
    }

    [Fact]
    public async Task the_health_endpoint_asks_the_database()
    {
        var health = await Send("/health", null, null, HttpStatusCode.OK, "GET");

        health.ReadAsText().ShouldBe("Healthy");
    }
}
