using System.Net;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Explorer;

/// <summary>The explorer page as HTTP sees it: served at <c>/</c> with its assets, under a policy that lets it run only its own code.</summary>
public sealed class ExplorerPageTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task the_page_is_served_at_the_root_with_its_own_scripts_and_styles_allowed_and_nothing_else()
    {
        using var client = App.Host.Server.CreateClient();

        using var page = await client.GetAsync("/");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<table id=\"participants\">");
        html.ShouldContain("<label for=\"asOf\">");
        page.Headers.GetValues("Content-Security-Policy").ShouldBe([SecurityHeaders.PagePolicy]);
        foreach (var (asset, type) in new[] { ("/explorer.js", "text/javascript"), ("/explorer.css", "text/css") })
        {
            using var response = await client.GetAsync(asset);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, asset);
            response.Content.Headers.ContentType!.MediaType.ShouldBe(type, asset);
            html.ShouldContain($"\"{asset}\"");
        }

        using var api = await client.GetAsync("/api/participants?asOf=2019-05");
        api.Headers.GetValues("Content-Security-Policy").ShouldBe([SecurityHeaders.ApiPolicy]);
        using var missing = await client.GetAsync("/no-such-page.html");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
