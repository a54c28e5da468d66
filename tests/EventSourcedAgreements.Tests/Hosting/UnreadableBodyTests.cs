using System.Net;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>A body the JSON parser cannot read is a 400 a person can act on: what is wrong and where, not the parser's advice to its programmer.</summary>
public sealed class UnreadableBodyTests(AppFixture app) : AppTest(app)
{
    private async Task<HttpValidationProblemDetails> Refusal(Guid id, string body)
    {
        var answer = await App.Host.Scenario(s =>
        {
            s.Post.Text(body).ToUrl($"/api/agreements/{id}/sign");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", $"Bearer {Officer}");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        return answer.ReadAsJson<HttpValidationProblemDetails>()!;
    }

    [Fact]
    public async Task a_trailing_comma_or_a_comment_is_said_in_words_with_its_line_and_byte()
    {
        var id = await Requested();

        var comma = await Refusal(id, "{\"signedOn\":\"2019-01-22\",}");
        var comment = await Refusal(id, "{\"signedOn\":\"2019-01-22\" /* the MOA */}");

        comma.Detail.ShouldBe("The JSON object contains a trailing comma at the end. Send standard JSON: no comments, no trailing commas. (at line 1, byte 26)");
        comment.Detail.ShouldBe("'/' is invalid after a value. Expected either ',', '}', or ']'. (at line 1, byte 26)");
        comment.Detail!.ShouldNotContain("reader options", Case.Insensitive);
        comment.Detail!.ShouldNotContain("LineNumber");
        (await Events(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_field_that_cannot_be_read_is_named_with_where_it_is()
    {
        var id = await Requested();

        var problem = await Refusal(id, "{\"signedOn\":\"22/01/2019\"}");

        problem.Errors.Keys.ShouldBe(["signedOn"]);
        problem.Detail!.ShouldContain("(at line 1, byte");
        problem.Detail!.ShouldContain("in signedOn)");
    }
}
